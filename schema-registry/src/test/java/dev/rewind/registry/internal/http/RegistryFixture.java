package dev.rewind.registry.internal.http;

import java.time.Duration;

import dev.rewind.registry.internal.SchemaRegistryService;
import dev.rewind.registry.internal.store.InMemorySchemaLog;
import dev.rewind.registry.internal.store.SchemaStore;

/** A registry served over HTTP on a free port, storing into an in-memory log. */
final class RegistryFixture implements AutoCloseable {

    static final String USER_V1 = """
            {"type": "record", "name": "User", "namespace": "dev.rewind.test",
             "fields": [{"name": "name", "type": "string"}]}""";
    static final String USER_V2 = """
            {"type": "record", "name": "User", "namespace": "dev.rewind.test",
             "fields": [{"name": "name", "type": "string"}, {"name": "age", "type": "int", "default": 0}]}""";
    static final String USER_V2_NO_DEFAULT = """
            {"type": "record", "name": "User", "namespace": "dev.rewind.test",
             "fields": [{"name": "name", "type": "string"}, {"name": "age", "type": "int"}]}""";
    static final String ORDER = """
            {"type": "record", "name": "Order", "namespace": "dev.rewind.test",
             "fields": [{"name": "id", "type": "long"}]}""";

    final InMemorySchemaLog log;
    final SchemaStore store;
    final RegistryHttpServer server;
    final RegistryClient client;

    RegistryFixture() {
        this(new InMemorySchemaLog());
    }

    RegistryFixture(InMemorySchemaLog log) {
        this(log, "127.0.0.1");
    }

    /** A registry listening on {@code host}. */
    RegistryFixture(String host) {
        this(new InMemorySchemaLog(), host);
    }

    private RegistryFixture(InMemorySchemaLog log, String host) {
        this.log = log;
        this.store = new SchemaStore(log, Duration.ofSeconds(10));
        store.start();
        this.server = RegistryHttpServer.start(new SchemaRegistryService(store), host, 0);
        this.client = new RegistryClient("http://127.0.0.1:" + server.port());
    }

    RegistryClient.Response register(String subject, String schema) {
        return client.post("/subjects/" + subject + "/versions", RegistryClient.schemaBody(schema));
    }

    int registerOk(String subject, String schema) {
        RegistryClient.Response response = register(subject, schema);
        if (response.status() != 200) {
            throw new AssertionError("registration failed: " + response);
        }
        return response.json().get("id").asInt();
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}

package dev.rewind.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.rewind.registry.internal.http.RegistryClient.Response;

/** Schema identity is the parsed Avro schema's, and {@code ?normalize=true} is Confluent's normalisation. */
class SchemaIdentityTest {

    /** Custom properties at the top level, inside a property's value, on a field and on a field's type. */
    static final String WITH_PROPERTIES = """
            {"type": "record", "name": "User", "namespace": "dev.rewind.test",
             "x.one": "1", "x.two": "2", "x.nested": {"p": 1, "q": [{"a": 1, "b": 2}]},
             "fields": [{"name": "name", "x.f1": "1", "x.f2": "2",
                         "type": {"type": "string", "x.t1": "1", "x.t2": "2"}}]}""";
    static final String SAME_PROPERTIES_REORDERED = """
            {"x.nested": {"q": [{"b": 2, "a": 1}], "p": 1}, "x.two": "2", "fields": [
               {"type": {"x.t2": "2", "type": "string", "x.t1": "1"}, "x.f2": "2", "name": "name", "x.f1": "1"}],
             "x.one": "1", "name": "dev.rewind.test.User", "type": "record"}""";
    static final String OTHER_DOC = """
            {"type": "record", "name": "User", "namespace": "dev.rewind.test", "doc": "another doc",
             "x.one": "1", "x.two": "2", "x.nested": {"p": 1, "q": [{"a": 1, "b": 2}]},
             "fields": [{"name": "name", "x.f1": "1", "x.f2": "2",
                         "type": {"type": "string", "x.t1": "1", "x.t2": "2"}}]}""";
    static final String OTHER_PROPERTY_VALUE = """
            {"type": "record", "name": "User", "namespace": "dev.rewind.test",
             "x.one": "1", "x.two": "changed", "x.nested": {"p": 1, "q": [{"a": 1, "b": 2}]},
             "fields": [{"name": "name", "x.f1": "1", "x.f2": "2",
                         "type": {"type": "string", "x.t1": "1", "x.t2": "2"}}]}""";

    private final RegistryFixture registry = new RegistryFixture();
    private final RegistryClient client = registry.client;

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aLookupFindsTheSchemaWithItsCustomPropertiesInAnotherOrder() {
        int id = registry.registerOk("users-value", WITH_PROPERTIES);

        Response found = client.post("/subjects/users-value", RegistryClient.schemaBody(SAME_PROPERTIES_REORDERED));

        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void reRegisteringWithReorderedPropertiesKeepsTheIdAndAddsNoVersion() {
        int id = registry.registerOk("users-value", WITH_PROPERTIES);

        assertThat(registry.registerOk("users-value", SAME_PROPERTIES_REORDERED)).isEqualTo(id);
        assertThat(client.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
        assertThat(registry.registerOk("people-value", SAME_PROPERTIES_REORDERED)).isEqualTo(id);
        assertThat(client.get("/schemas/ids/" + id + "/versions").json()).hasSize(2);
    }

    @Test
    void aSchemaThatDiffersInADocOrAPropertyValueIsANewVersion() {
        int id = registry.registerOk("users-value", WITH_PROPERTIES);

        assertThat(registry.registerOk("users-value", OTHER_DOC)).isEqualTo(id + 1);
        assertThat(registry.registerOk("users-value", OTHER_PROPERTY_VALUE)).isEqualTo(id + 2);
        assertThat(client.post("/subjects/users-value", RegistryClient.schemaBody(OTHER_DOC)).json()
                .get("version").asInt()).isEqualTo(2);
    }

    @Test
    void registeringWithNormalizeStoresConfluentsNormalForm() {
        String schema = """
                {"namespace": "dev.rewind.test", "type": "record", "name": "User", "doc": "d",
                 "z.prop": "z", "a.prop": {"b": 1, "a": 2}, "aliases": ["Z", "A"],
                 "fields": [{"name": "name", "type": "string", "doc": "n"},
                            {"name": "age", "type": "int", "default": 0, "aliases": ["years"]},
                            {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
                            {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal",
                                                        "scale": 2, "precision": 9}}]}""";

        Response registered = client.post("/subjects/users-value/versions?normalize=true",
                RegistryClient.schemaBody(schema));
        Response stored = client.get("/subjects/users-value/versions/1/schema");

        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        assertThat(stored.body()).isEqualTo("{\"name\":\"dev.rewind.test.User\",\"type\":\"record\",\"fields\":["
                + "{\"name\":\"name\",\"type\":\"string\",\"order\":\"ASCENDING\",\"doc\":\"n\"},"
                + "{\"name\":\"age\",\"type\":\"int\",\"order\":\"ASCENDING\",\"aliases\":[\"years\"],\"default\":0},"
                + "{\"name\":\"kind\",\"type\":{\"name\":\"dev.rewind.test.Kind\",\"type\":\"enum\","
                + "\"symbols\":[\"A\",\"B\"]},\"order\":\"ASCENDING\"},"
                + "{\"name\":\"amount\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":9,"
                + "\"scale\":2},\"order\":\"ASCENDING\"}],"
                + "\"doc\":\"d\",\"aliases\":[\"dev.rewind.test.A\",\"dev.rewind.test.Z\"],"
                + "\"a.prop\":{\"a\":2,\"b\":1},\"z.prop\":\"z\"}");
        assertThat(new Schema.Parser().parse(stored.body())).isEqualTo(new Schema.Parser().parse(schema));
    }

    @Test
    void normalizeOnLookupAndCompatibilityIsAcceptedAndFindsTheSameSchema() {
        int id = registry.registerOk("users-value", WITH_PROPERTIES);

        Response found = client.post("/subjects/users-value?normalize=true",
                RegistryClient.schemaBody(SAME_PROPERTIES_REORDERED));
        Response compatible = client.post("/compatibility/subjects/users-value/versions/latest?normalize=true",
                RegistryClient.schemaBody(SAME_PROPERTIES_REORDERED));

        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(compatible.json().get("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void aSchemaRegisteredWithAndWithoutNormalizeIsOneSchema() {
        int id = registry.registerOk("users-value", SAME_PROPERTIES_REORDERED);

        Response normalized = client.post("/subjects/users-value/versions?normalize=true",
                RegistryClient.schemaBody(WITH_PROPERTIES));

        assertThat(normalized.json().get("id").asInt()).isEqualTo(id);
        assertThat(client.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
    }
}

package dev.rewind.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.schemas.serde.AvroSerializer;

/**
 * Confluent's own JavaScript client and Avro serde ({@code @confluentinc/schemaregistry}, run by Node.js from
 * {@code src/test/node/interop.mjs}) against the registry on a real broker: registration, lookup and
 * re-registration with reordered custom properties, docs and defaults outside Latin-1, errors, and records in the
 * Confluent wire format going from rewind's Java serde to Node and back.
 *
 * <p>The build installs the npm package into {@code target/node-interop} (pre-integration-test); this test fails,
 * never skips, when Node.js or the package is missing.
 */
@ExtendWith(KafkaClusterExtension.class)
class NodeClientInteropIT {

    static final Path INTEROP = Path.of("target", "node-interop");
    static final String TEXT = "Grüße aus Köln: 5 € 😀";
    static final Schema LIEFERUNG = new Schema.Parser().parse("""
            {"type": "record", "name": "Lieferung", "namespace": "dev.rewind.interop", "doc": "%s",
             "x.team": "zahlungen", "x.owner": {"name": "Jörg", "mail": "joerg@example.org"},
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "stadt", "type": {"type": "string", "x.hint": "ß", "x.max": "80"}, "doc": "Straße",
                "default": "Köln €"},
               {"name": "menge", "type": "int", "default": 1}]}""".formatted(TEXT));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void confluentsJavaScriptClientAndSerdeWorkAgainstTheRegistry(KafkaCluster cluster) throws Exception {
        String topic = "lieferungen-ö-€-" + System.nanoTime();
        try (SchemaRegistryServer registry = SchemaRegistryServerIT.start(cluster, SchemaRegistryServerIT.uniqueTopic());
             AvroSerializer serializer = new AvroSerializer();
             AvroDeserializer deserializer = new AvroDeserializer()) {
            Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            serializer.configure(serde, false);
            deserializer.configure(serde, false);
            GenericRecord fromJava = lieferung("j-1", "Zürich – Bahnhofstraße", 7);
            byte[] javaBytes = serializer.serialize(topic, fromJava);

            JsonNode observed = runNode(registry.url(), topic + "-value", topic,
                    Base64.getEncoder().encodeToString(javaBytes));

            int id = SchemaRegistryServerIT.client(registry).getLatest(topic + "-value").id();
            assertThat(observed.get("id").asInt()).as("Node registered the schema Java registered").isEqualTo(id);
            assertThat(observed.get("versions").toString()).isEqualTo("[1]");
            assertThat(observed.get("javaRecord").get("stadt").asText()).isEqualTo("Zürich – Bahnhofstraße");
            assertThat(observed.get("javaRecord").get("menge").asInt()).isEqualTo(7);
            Object fromNode = deserializer.deserialize(topic,
                    Base64.getDecoder().decode(observed.get("nodeRecord").asText()));
            assertThat(fromNode).isEqualTo(lieferung("e-1", "Düsseldorf ✓", 3));
            assertThat(observed.get("missingSubject").get("errorCode").asInt()).isEqualTo(40401);
        }
    }

    private static GenericRecord lieferung(String id, String stadt, int menge) {
        GenericRecord record = new GenericData.Record(LIEFERUNG);
        record.put("id", id);
        record.put("stadt", stadt);
        record.put("menge", menge);
        return record;
    }

    /** Runs the script; its stdout is one JSON line, a failed assertion a non-zero exit with the reason. */
    private static JsonNode runNode(String... args) throws IOException, InterruptedException {
        assertThat(INTEROP.resolve("node_modules/@confluentinc/schemaregistry/package.json"))
                .as("Confluent's JavaScript client is installed by the build's pre-integration-test phase"
                        + " (npm install in schema-registry/target/node-interop); run ./mvnw verify, not only the test")
                .exists();
        List<String> command = new java.util.ArrayList<>(List.of("node", "interop.mjs"));
        command.addAll(List.of(args));
        Process node;
        try {
            node = new ProcessBuilder(command).directory(INTEROP.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("Node.js is needed for this test and is not on the PATH: " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = read(node, false);
        CompletableFuture<String> stderr = read(node, true);
        boolean finished = node.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }
        assertThat(finished).as("node finished within 2 minutes").isTrue();
        assertThat(node.exitValue()).as("node failed:%n%s%n%s", stderr.join(), stdout.join()).isZero();
        return JSON.readTree(stdout.join());
    }

    private static CompletableFuture<String> read(Process process, boolean errors) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String((errors ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }
}

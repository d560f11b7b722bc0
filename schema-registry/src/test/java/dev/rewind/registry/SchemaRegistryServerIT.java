package dev.rewind.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.registry.CachingSchemaRegistryClient;
import dev.rewind.schemas.registry.CompatibilityLevel;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.registry.SchemaRegistryException;

@ExtendWith(KafkaClusterExtension.class)
class SchemaRegistryServerIT {

    private static final Schema V1 = record("{\"name\": \"a\", \"type\": \"int\"}");
    private static final Schema V2 = record("{\"name\": \"a\", \"type\": \"int\"}",
            "{\"name\": \"b\", \"type\": \"string\", \"default\": \"x\"}");
    private static final Schema V2_NO_DEFAULT = record("{\"name\": \"a\", \"type\": \"int\"}",
            "{\"name\": \"b\", \"type\": \"string\"}");

    @Test
    void createsItsTopicCompactedWithOnePartition(KafkaCluster cluster) throws Exception {
        String topic = uniqueTopic();
        try (SchemaRegistryServer ignored = start(cluster, topic)) {
            TopicDescription description = cluster.admin().describeTopics(List.of(topic)).allTopicNames()
                    .get(60, TimeUnit.SECONDS).get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = cluster.admin().describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS)
                    .get(resource);

            assertThat(description.partitions()).hasSize(1);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void aRestartedRegistryServesTheSameSubjectsIdsAndLevels(KafkaCluster cluster) {
        String topic = uniqueTopic();
        int id1;
        int id2;
        try (SchemaRegistryServer first = start(cluster, topic)) {
            SchemaRegistryClient client = client(first);
            id1 = client.register("users-value", V1);
            id2 = client.register("users-value", V2);
            client.setCompatibility("users-value", CompatibilityLevel.FULL);
        }

        try (SchemaRegistryServer restarted = start(cluster, topic)) {
            SchemaRegistryClient client = client(restarted);

            assertThat(client.subjects()).containsExactly("users-value");
            assertThat(client.versions("users-value")).containsExactly(1, 2);
            assertThat(client.getById(id1)).isEqualTo(V1);
            assertThat(client.getLatest("users-value").id()).isEqualTo(id2);
            assertThat(client.getCompatibility("users-value")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.register("users-value", V1)).isEqualTo(id1);
            assertThat(client.register("orders-value", record("{\"name\": \"o\", \"type\": \"long\"}")))
                    .isEqualTo(id2 + 1);
        }
    }

    @Test
    void aSecondInstanceOnTheSameTopicServesTheSameIds(KafkaCluster cluster) {
        String topic = uniqueTopic();
        try (SchemaRegistryServer first = start(cluster, topic);
             SchemaRegistryServer second = start(cluster, topic)) {
            int id = client(first).register("users-value", V1);

            SchemaRegistryClient secondClient = client(second);
            assertThat(secondClient.getById(id)).isEqualTo(V1);
            assertThat(secondClient.lookup("users-value", V1).id()).isEqualTo(id);
            assertThat(secondClient.register("users-value", V2)).isEqualTo(id + 1);
            assertThat(client(first).getLatest("users-value").version()).isEqualTo(2);
        }
    }

    @Test
    void theClientSeesTheServersErrorCodes(KafkaCluster cluster) {
        try (SchemaRegistryServer server = start(cluster, uniqueTopic())) {
            SchemaRegistryClient client = client(server);
            client.register("users-value", V1);

            assertThatThrownBy(() -> client.register("users-value", V2_NO_DEFAULT))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.errorCode()).isEqualTo(409);
                        assertThat(e.getMessage()).contains("b");
                    });
            assertThat(client.testCompatibility("users-value", V2_NO_DEFAULT)).isFalse();
            assertThat(client.testCompatibility("users-value", V2)).isTrue();
            assertThatThrownBy(() -> client.getById(999))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(40403));
            assertThatThrownBy(() -> client.versions("nobody"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(40401));
            assertThatThrownBy(() -> client.getBySubjectAndVersion("users-value", 5))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(40402));
            assertThat(client.versions("users-value")).containsExactly(1);
        }
    }

    @Test
    void refusesATopicWithMoreThanOnePartition(KafkaCluster cluster) {
        String topic = uniqueTopic();
        cluster.createTopic(topic, 3, (short) 1);

        assertThatThrownBy(() -> start(cluster, topic))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 partitions").hasMessageContaining("exactly 1");
    }

    static SchemaRegistryServer start(KafkaCluster cluster, String topic) {
        return SchemaRegistryServer.start(new SchemaRegistryServer.Options(cluster.bootstrapServers(), 0, topic));
    }

    static SchemaRegistryClient client(SchemaRegistryServer server) {
        return new CachingSchemaRegistryClient(CachingSchemaRegistryClient.Options.defaults(server.url()));
    }

    static String uniqueTopic() {
        return "_schemas-" + UUID.randomUUID();
    }

    private static Schema record(String... fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"R\", \"namespace\": \"dev.rewind.it\","
                + " \"fields\": [" + String.join(", ", fields) + "]}");
    }

}

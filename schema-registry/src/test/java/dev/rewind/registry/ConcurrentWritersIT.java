package dev.rewind.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.registry.CompatibilityLevel;
import dev.rewind.schemas.registry.SchemaRegistryClient;

/** Two instances taking writes at the same time never hand out one id or one version twice. */
@ExtendWith(KafkaClusterExtension.class)
class ConcurrentWritersIT {

    private static final int PER_WRITER = 8;

    @Test
    void twoInstancesRegisteringAtOnceHandOutDistinctIdsAndVersions(KafkaCluster cluster) throws Exception {
        String topic = SchemaRegistryServerIT.uniqueTopic();
        try (SchemaRegistryServer first = SchemaRegistryServerIT.start(cluster, topic);
             SchemaRegistryServer second = SchemaRegistryServerIT.start(cluster, topic)) {
            SchemaRegistryServerIT.client(first).setCompatibility("shared-value", CompatibilityLevel.NONE);
            Map<Integer, Schema> registered = new ConcurrentHashMap<>();
            ExecutorService writers = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<Integer>>> results = new ArrayList<>();
                for (SchemaRegistryServer server : List.of(first, second)) {
                    String writer = server == first ? "first" : "second";
                    results.add(writers.submit(() -> registerMany(SchemaRegistryServerIT.client(server), writer,
                            registered)));
                }
                List<Integer> ids = new ArrayList<>();
                for (Future<List<Integer>> result : results) {
                    ids.addAll(result.get(300, TimeUnit.SECONDS));
                }

                assertThat(new HashSet<>(ids)).hasSize(2 * PER_WRITER);
            } finally {
                writers.shutdownNow();
            }

            for (SchemaRegistryServer server : List.of(first, second)) {
                SchemaRegistryClient reader = SchemaRegistryServerIT.client(server);
                registered.forEach((id, schema) -> assertThat(reader.getById(id)).as("id " + id).isEqualTo(schema));
                assertThat(reader.versions("shared-value")).hasSize(2 * PER_WRITER);
                Set<Integer> sharedIds = new HashSet<>();
                for (int version : reader.versions("shared-value")) {
                    sharedIds.add(reader.getBySubjectAndVersion("shared-value", version).id());
                }
                assertThat(sharedIds).isEqualTo(registered.keySet());
            }
        }
    }

    private static List<Integer> registerMany(SchemaRegistryClient client, String writer,
                                              Map<Integer, Schema> registered) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < PER_WRITER; i++) {
            Schema schema = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"R_" + writer + "_" + i
                    + "\", \"fields\": [{\"name\": \"a\", \"type\": \"int\"}]}");
            int id = client.register("shared-value", schema);
            Schema earlier = registered.putIfAbsent(id, schema);
            assertThat(earlier).as("id " + id + " handed out twice").isNull();
            ids.add(id);
        }
        return ids;
    }
}

package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cooperative rebalancing while a batch is open: partitions move without losing or doubling events. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class RebalanceIT {

    private final SchemaRegistryServer registry;

    RebalanceIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    @Test
    void movesPartitionsBetweenInstancesWithoutLosingOrDoublingEvents(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 4, (short) 1)) {
            fixture.routeEverythingTo("v1");
            // long batches, so that revocations find a transaction open
            Map<String, Object> settings = fixture.settings("v1", "a");
            settings.put("commit.interval.ms", "2000");
            ComponentRuntime first = fixture.start(settings,
                    () -> new TakeoverIT.CountingProcessor(fixture.output));
            List<String> all = new ArrayList<>();

            produce(fixture, all, "one", 200);
            fixture.outcomes(list -> list.size() >= 50);
            Map<String, Object> second = fixture.settings("v1", "b");
            second.put("commit.interval.ms", "2000");
            fixture.start(second, () -> new TakeoverIT.CountingProcessor(fixture.output));
            produce(fixture, all, "two", 200);
            fixture.outcomes(list -> list.size() >= 300);
            first.close();
            produce(fixture, all, "three", 200);

            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= all.size());
            List<String> values = fixture.readAllCommitted(fixture.output).stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();

            assertThat(outcomes).extracting(Outcome::getEventId).containsExactlyInAnyOrderElementsOf(all);
            assertThat(values).extracting(v -> v.substring(0, v.indexOf('#'))).containsExactlyInAnyOrderElementsOf(all);
            // per entity, the state-backed count is 1..n without gaps or repeats across the moves
            for (int project = 0; project < 8; project++) {
                String key = "p" + project;
                List<Integer> counts = fixture.readAllCommitted(fixture.output).stream()
                        .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(key))
                        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                        .map(v -> Integer.parseInt(v.substring(v.indexOf('#') + 1))).toList();
                assertThat(counts).as("counts of %s", key)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, counts.size()).boxed().toList());
            }
        }
    }

    private static void produce(RuntimeFixture fixture, List<String> all, String prefix, int count) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
        all.addAll(ids);
        fixture.produce(ids.stream().map(id -> RuntimeFixture.event(id, "acme", "p" + (id.hashCode() & 7))).toList());
    }
}

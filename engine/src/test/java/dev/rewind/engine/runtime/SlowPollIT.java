package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.testsupport.SchemaRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poll whose records take longer to process than {@code transaction.timeout.ms}: the loop must
 * commit between records, as Kafka Streams does, not hold one transaction over the whole poll. Held
 * open, the transaction coordinator aborts it, the commit fails, the loop rewinds to the poll's first
 * record and redoes it, forever (found with {@code ./rewind up --rate 2000} on a starved machine, where
 * a poll of 1,000 events outlived the 60 s default).
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class SlowPollIT {

    private static final int EVENTS = 1_000;
    /** 1,000 events at 25 ms: a 25 s poll, against a 2 s transaction timeout the broker enforces within 10 s more. */
    private static final long PROCESS_MILLIS = 25;

    private final SchemaRegistryServer registry;

    SlowPollIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    /** A processor slower than the transaction timeout allows for a whole poll. */
    static final class Slow implements EventProcessor {
        @Override
        public void process(Event event, ProcessorContext context) throws InterruptedException {
            Thread.sleep(PROCESS_MILLIS);
        }
    }

    @Test
    void aPollThatOutlastsTheTransactionTimeoutIsCommittedPieceByPieceAndEveryEventGetsOneOutcome(
            KafkaCluster cluster, @TempDir Path stateDir) throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            List<CommitPushed> events = IntStream.range(0, EVENTS)
                    .mapToObj(i -> RuntimeFixture.event("slow-" + i, "acme", "p")).toList();
            fixture.produce(events);
            Map<String, Object> settings = fixture.settings("v1", "a");
            settings.put("producer.transaction.timeout.ms", "2000");
            settings.put("consumer.max.poll.records", Integer.toString(EVENTS));
            fixture.start(settings, Slow::new);

            fixture.awaitCommitted(List.of("v1"), EVENTS, Duration.ofSeconds(EVENTS * PROCESS_MILLIS / 1000 + 120));
            List<Outcome> outcomes = fixture.committedOutcomes();
            assertThat(outcomes).extracting(Outcome::getEventId)
                    .as("one committed outcome per event, none twice")
                    .hasSize(EVENTS).doesNotHaveDuplicates();
        }
    }
}

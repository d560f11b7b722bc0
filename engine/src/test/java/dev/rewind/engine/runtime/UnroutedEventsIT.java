package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 7: every record of a source topic ends with exactly one live outcome from exactly one
 * version, or one dead letter saying why, whatever its timestamp and whether a route existed then.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class UnroutedEventsIT {

    private final SchemaRegistryServer registry;

    UnroutedEventsIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    static final class Echo implements EventProcessor {
        @Override
        public void process(Event event, ProcessorContext context) {
        }
    }

    @Test
    void eventsOlderThanTheFirstRouteAreProcessedOnceByTheVersionItNames(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            // written before the component had any route: a topic's history when rewind is adopted
            Instant now = Instant.now();
            fixture.produceRaw(List.of(at(fixture, "epoch-plus-1ms", 1), at(fixture, "a-day-ago",
                    now.minus(Duration.ofDays(1)).toEpochMilli()), at(fixture, "before-routes", now.toEpochMilli())));
            fixture.start(fixture.settings("v1", "a"), Echo::new);
            fixture.start(fixture.settings("v2", "b"), Echo::new);
            // the first route, effective an hour ago: every event above is older than it
            try (RoutePublisher publisher = fixture.publisher(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
                publisher.setRoute(fixture.component, CohortSelector.DEFAULT, RouteTarget.version("v1"), null, "test",
                        "first route");
            }
            fixture.produce(List.of(RuntimeFixture.event("after-routes", "acme", "p")));

            fixture.outcomes(list -> list.size() >= 4);
            List<Outcome> outcomes = fixture.committedOutcomes();
            assertThat(outcomes).extracting(Outcome::getEventId)
                    .containsExactlyInAnyOrder("epoch-plus-1ms", "a-day-ago", "before-routes", "after-routes");
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.getVersion()).isEqualTo("v1");
                assertThat(o.getStatus()).isEqualTo(OutcomeStatus.OK);
            });
        }
    }

    @Test
    void whatNoVersionOwnsIsDeadLetteredOnceOnBehalfOfNone(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            // every route removed half an hour ago
            try (RoutePublisher publisher = fixture.publisher(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-30)))) {
                publisher.unsetRoute(fixture.component, CohortSelector.DEFAULT, null, "test", "component retired");
            }
            fixture.start(fixture.settings("v1", "a"), Echo::new);
            fixture.start(fixture.settings("v2", "b"), Echo::new);

            fixture.produce(List.of(RuntimeFixture.event("unrouted-1", "acme", "p")));
            fixture.produceRaw(List.of(new ProducerRecord<>(fixture.source, 0, "k".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8))));
            fixture.produce(List.of(RuntimeFixture.event("unrouted-2", "acme", "p")));

            fixture.deadLetters(list -> list.size() >= 3);
            fixture.awaitCommitted(List.of("v1", "v2"), 3, RuntimeFixture.PATIENCE);
            dev.rewind.schemas.serde.AvroDeserializer deserializer = new dev.rewind.schemas.serde.AvroDeserializer();
            deserializer.configure(Map.of("schema.registry.url", fixture.registryUrl, "specific.avro.reader", true),
                    false);
            String dlq = dev.rewind.engine.dlq.DlqTopics.of(fixture.component);
            List<DlqEntry> dead = fixture.readAllCommitted(dlq).stream()
                    .map(r -> (DlqEntry) deserializer.deserialize(dlq, r.value())).toList();
            assertThat(dead).extracting(e -> e.getReason().substring(0, e.getReason().indexOf(':')))
                    .containsExactly("UNROUTABLE", "UNDECODABLE", "UNROUTABLE");
            assertThat(dead).extracting(DlqEntry::getVersion).containsOnly("");
            assertThat(dead).extracting(DlqEntry::getSourceOffset).containsExactly(0L, 1L, 2L);
            assertThat(fixture.committedOutcomes()).isEmpty();
        }
    }


    private static ProducerRecord<byte[], byte[]> at(RuntimeFixture fixture, String eventId, long timestamp) {
        CommitPushed event = RuntimeFixture.event(eventId, "acme", "p");
        return new ProducerRecord<>(fixture.source, 0, timestamp, "p".getBytes(StandardCharsets.UTF_8),
                fixture.serialize(event));
    }
}

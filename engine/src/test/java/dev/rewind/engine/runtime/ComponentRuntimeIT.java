package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class ComponentRuntimeIT {

    /** Emits the event id as the output value, keyed like the event. */
    static class EchoProcessor implements EventProcessor {
        private final String output;

        EchoProcessor(String output) {
            this.output = output;
        }

        @Override
        public void process(Event event, ProcessorContext context) {
            context.emit(output, event.keyAsString(), event.eventId().value().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final SchemaRegistryServer registry;

    ComponentRuntimeIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    @Test
    void processesEveryEventOnceWithOutputsHeadersAndOutcomes(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 3, (short) 1)) {
            fixture.routeEverythingTo("v1");
            Map<String, Object> settings = fixture.settings("v1", "a");
            settings.put("metrics.port", "-1");
            ComponentRuntime runtime = fixture.start(settings, () -> new EchoProcessor(fixture.output));
            List<String> ids = IntStream.range(0, 50).mapToObj(i -> "e" + i).toList();
            fixture.produce(ids.stream().map(id -> RuntimeFixture.event(id, "acme", "p" + (id.hashCode() % 5)))
                    .toList());

            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= ids.size());
            List<ConsumerRecord<byte[], byte[]>> outputs = fixture.readCommitted(fixture.output,
                    list -> list.size() >= ids.size());

            assertThat(outcomes).extracting(Outcome::getEventId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.getStatus()).isEqualTo(OutcomeStatus.OK);
                assertThat(o.getVersion()).isEqualTo("v1");
                assertThat(o.getOutputs()).hasSize(1);
            });
            assertThat(outputs).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(outputs).allSatisfy(r -> {
                assertThat(header(r, RewindHeaders.EVENT_ID)).isEqualTo(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(header(r, RewindHeaders.VERSION)).isEqualTo("v1");
                assertThat(r.headers().lastHeader(RewindHeaders.REPLAY_ID)).isNull();
            });
            String scrape = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(runtime.metricsUri().orElseThrow()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).contains("rewind_events_processed_total{component=\"" + fixture.component
                    + "\",customer=\"acme\"").contains("rewind_consumer_lag{");
        }
    }

    @Test
    void dropsASecondCopyOfAnEventWithASkippedDuplicateOutcome(KafkaCluster cluster, @TempDir Path stateDir)
            throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), () -> new EchoProcessor(fixture.output));
            fixture.produce(List.of(RuntimeFixture.event("x1", "acme", "p"), RuntimeFixture.event("x2", "acme", "p"),
                    RuntimeFixture.event("x1", "acme", "p")));

            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= 3);

            Map<String, List<OutcomeStatus>> byId = outcomes.stream().collect(Collectors.groupingBy(
                    Outcome::getEventId, Collectors.mapping(Outcome::getStatus, Collectors.toList())));
            assertThat(byId).containsEntry("x1", List.of(OutcomeStatus.OK, OutcomeStatus.SKIPPED_DUP))
                    .containsEntry("x2", List.of(OutcomeStatus.OK));
            assertThat(fixture.readCommitted(fixture.output, list -> list.size() >= 2)).hasSize(2);
        }
    }

    @Test
    void copiesTheTraceparentOfAnEventToItsOutputs(KafkaCluster cluster, @TempDir Path stateDir) throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            fixture.start(fixture.settings("v1", "a"), () -> new EchoProcessor(fixture.output));
            String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            RecordHeaders headers = new RecordHeaders();
            headers.add(RewindHeaders.TRACEPARENT, trace.getBytes(StandardCharsets.UTF_8));
            fixture.produceRaw(List.of(new ProducerRecord<>(fixture.source, null, null,
                    "p".getBytes(StandardCharsets.UTF_8),
                    fixture.serialize(RuntimeFixture.event("t1", "acme", "p")), headers)));

            ConsumerRecord<byte[], byte[]> output = fixture.readCommitted(fixture.output, list -> !list.isEmpty()).get(0);

            assertThat(header(output, RewindHeaders.TRACEPARENT)).isEqualTo(trace);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}

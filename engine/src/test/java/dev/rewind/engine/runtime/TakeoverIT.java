package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.testsupport.SchemaRegistryExtension;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 2 across a crash: an instance hangs mid-transaction and a replacement takes over;
 * outputs, outcomes, dedupe entries and entity state continue from what was committed.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class TakeoverIT {

    private final SchemaRegistryServer registry;

    TakeoverIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    /** Emits {@code <eventId>#<n>} where n counts the entity's events in its state. */
    static class CountingProcessor implements EventProcessor {
        private final String output;

        CountingProcessor(String output) {
            this.output = output;
        }

        @Override
        public void process(Event event, ProcessorContext context) {
            int count = context.state().getString().map(Integer::parseInt).orElse(0) + 1;
            context.state().putString(Integer.toString(count));
            context.emit(output, event.keyAsString(),
                    (event.eventId().value() + "#" + count).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Counts, but hangs inside {@code process} on the event "hang" until released. */
    static final class HangingProcessor extends CountingProcessor {
        private final CountDownLatch hanging;
        private final CountDownLatch release;

        /** Counts {@code hanging} down when it hangs, and hangs until {@code release} is counted down. */
        HangingProcessor(String output, CountDownLatch hanging, CountDownLatch release) {
            super(output);
            this.hanging = hanging;
            this.release = release;
        }

        @Override
        public void process(Event event, ProcessorContext context) {
            super.process(event, context);
            if (event.eventId().value().equals("hang")) {
                hanging.countDown();
                try {
                    release.await(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void aReplacementTakesOverAHungInstanceWithoutLosingOrDoublingOutputs(KafkaCluster cluster,
                                                                          @TempDir Path stateDir) throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            CountDownLatch hanging = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Map<String, Object> first = fixture.settings("v1", "pod-1");
            first.put("max.batch.size", "10");
            first.put("commit.interval.ms", "60000");
            // the group gives up on a consumer that does not poll for 10 s; the replacement gets its partition
            first.put("consumer.max.poll.interval.ms", "10000");
            ComponentRuntime zombie = fixture.start(first, () -> new HangingProcessor(fixture.output, hanging, release));

            List<String> committedBefore = ids("a", 10);
            fixture.produce(events(committedBefore));
            fixture.outcomes(list -> list.size() >= 10);
            List<String> inFlight = new ArrayList<>(ids("b", 5));
            inFlight.add("hang");
            fixture.produce(events(inFlight));
            assertThat(hanging.await(RuntimeFixture.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // same instance id: its producer fences the hung one and aborts the open transaction
            ComponentRuntime replacement = fixture.start(fixture.settings("v1", "pod-1"),
                    () -> new CountingProcessor(fixture.output));
            List<String> after = ids("c", 10);
            fixture.produce(events(after));
            // a copy of an event committed before the takeover: the replacement restored the dedupe entry
            fixture.produce(events(List.of("a3")));

            List<String> all = new ArrayList<>(committedBefore);
            all.addAll(inFlight);
            all.addAll(after);
            fixture.outcomes(list -> list.size() >= all.size() + 1);
            release.countDown();
            await().atMost(RuntimeFixture.PATIENCE).until(() -> zombie.state() == ComponentRuntime.State.FAILED);
            List<Outcome> outcomes = fixture.outcomes(list -> list.size() >= all.size() + 1);
            List<ConsumerRecord<byte[], byte[]>> outputs = fixture.readAllCommitted(fixture.output);

            List<String> values = outputs.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
            assertThat(values).extracting(v -> v.substring(0, v.indexOf('#')))
                    .containsExactlyInAnyOrderElementsOf(all);
            // the entity's count went on from the state committed before the takeover, without the
            // hung instance's aborted writes: 1..n in the order of the events, each exactly once
            assertThat(values).extracting(v -> Integer.parseInt(v.substring(v.indexOf('#') + 1)))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, all.size()).boxed().toList());
            Map<String, List<OutcomeStatus>> statuses = outcomes.stream().collect(Collectors.groupingBy(
                    Outcome::getEventId, Collectors.mapping(Outcome::getStatus, Collectors.toList())));
            assertThat(statuses).hasSize(all.size());
            assertThat(statuses.get("a3")).containsExactly(OutcomeStatus.OK, OutcomeStatus.SKIPPED_DUP);
            assertThat(statuses).allSatisfy((id, list) -> assertThat(list).first().isEqualTo(OutcomeStatus.OK));
            assertThat(zombie.failure()).get().asString().contains("fenced");
            assertThat(replacement.state()).isEqualTo(ComponentRuntime.State.RUNNING);
        }
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static List<dev.rewind.demo.release.CommitPushed> events(List<String> ids) {
        return ids.stream().map(id -> RuntimeFixture.event(id, "acme", "p")).toList();
    }
}

package dev.rewind.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.runtime.ComponentRuntime;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.protocol.CohortSelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real source connector in front of the engine: Kafka's file source, run by a distributed worker, shaped into
 * rewind events by the transforms and written by rewind's Avro converter, is processed by a component version on
 * the engine's runtime: every line of the file gets exactly one output, decided by the version the route names,
 * carrying the event id the transforms gave it.
 */
@ExtendWith({KafkaClusterExtension.class, RegistryProcess.Extension.class})
class FileSourceToEngineIT {

    /** Emits the customer of every event it sees, keyed by the event id. */
    static final class CustomerEcho implements EventProcessor {
        static final String OUTPUT = "customers-seen-" + UUID.randomUUID();

        @Override
        public void process(Event event, ProcessorContext context) {
            context.emit(OUTPUT, event.eventId().value(),
                    event.cohort().customer().orElse("").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyLineOfAFileSourceIsProcessedOnceByTheRoutedVersionUnderItsEventId(KafkaCluster cluster,
            RegistryProcess registry, @TempDir Path dir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String component = "customer-echo-" + suffix;
        String events = "customers-" + suffix;
        cluster.createTopic(events, 1, (short) 1);
        cluster.createTopic(events + ".errors", 1, (short) 1);
        cluster.createTopic(CustomerEcho.OUTPUT, 1, (short) 1);
        List<String> lines = IntStream.range(0, 200).mapToObj(i -> "customer-" + i).toList();
        Path file = dir.resolve("customers.txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.version("v1"), null, "test",
                    "v1 owns every customer");
        }

        try (ConnectWorker worker = ConnectWorker.start(ConnectWorker.settings(cluster.bootstrapServers(),
                "connect-engine-" + suffix, registry.url()));
             ComponentRuntime v1 = EngineVersions.start(cluster, registry.url(), component, "v1", events, dir,
                     CustomerEcho::new)) {
            Map<String, String> connector = SourceTransformsIT.fileSource(file, events, events + ".errors");
            // the engine wants events keyed by their entity (the file source writes none): Kafka's own transforms
            connector.put("transforms", connector.get("transforms") + ",toKey,keyField");
            connector.put("transforms.toKey.type", "org.apache.kafka.connect.transforms.ValueToKey");
            connector.put("transforms.toKey.fields", "customer");
            connector.put("transforms.keyField.type", "org.apache.kafka.connect.transforms.ExtractField$Key");
            connector.put("transforms.keyField.field", "customer");
            worker.configure("customers", connector);

            List<ConsumerRecord<byte[], byte[]>> sourced = SourceTransformsIT.read(cluster, events, lines.size());
            List<ConsumerRecord<byte[], byte[]>> outputs = SourceTransformsIT.read(cluster, CustomerEcho.OUTPUT,
                    lines.size());

            assertThat(outputs).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(lines);
            assertThat(outputs).allSatisfy(r -> assertThat(SourceTransformsIT.header(r, "rewind.version"))
                    .isEqualTo("v1"));
            assertThat(outputs).extracting(r -> SourceTransformsIT.header(r, "rewind.event-id"))
                    .containsExactlyInAnyOrderElementsOf(sourced.stream()
                            .map(r -> SourceTransformsIT.header(r, "rewind.event-id")).toList());
        }
    }
}

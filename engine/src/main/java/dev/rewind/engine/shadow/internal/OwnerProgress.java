package dev.rewind.engine.shadow.internal;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the version whose state a shadow run starts from has committed every event before the run's
 * start: its changelog then holds the state as of the start (a version commits outputs, changelog and
 * offsets in one transaction). Reads the group's committed offsets (Describe on the group); changes nothing.
 */
final class OwnerProgress {

    private static final Logger LOGGER = LoggerFactory.getLogger(OwnerProgress.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private OwnerProgress() {
    }

    /**
     * Returns once the group {@code <component>.<stateFrom>} has committed at least {@code starts} on every
     * partition, or after {@code timeout} with a WARN (the state may then miss the owner's last events).
     */
    static void await(EngineConfig config, String stateFrom, Map<TopicPartition, Long> starts, Duration timeout)
            throws InterruptedException {
        String group = config.component() + "." + stateFrom;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(ClientConfigs.admin(config))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed;
                try {
                    committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                            .get(POLL.multipliedBy(20).toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    committed = Map.of();
                }
                Map<TopicPartition, OffsetAndMetadata> known = committed;
                boolean caughtUp = starts.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || known.get(e.getKey()) != null && known.get(e.getKey()).offset() >= e.getValue());
                if (caughtUp) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    LOGGER.atWarn().addKeyValue("group", group).addKeyValue("timeout", timeout)
                            .log("The owner has not committed every event before the shadow run's start; its state"
                                    + " may miss the latest of them");
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
        }
    }
}

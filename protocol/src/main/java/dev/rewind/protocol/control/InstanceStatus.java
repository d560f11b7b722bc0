package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What one engine instance reports about itself on {@code rewind.control} (key
 * {@code status/<component>/<version>/<instanceId>}, protocol/REPLAY-PROTOCOL.md, "Instance status"): the source
 * partitions it holds paused. An instance writes one whenever the set changes and every {@link #HEARTBEAT} while
 * it is not empty, and a tombstone when it empties or the instance stops; a status older than
 * {@link #STALE_AFTER} is from an instance that died without saying so, and readers ignore it.
 *
 * @param instance the instance
 * @param publishedAt when it was written
 * @param paused the paused partitions, by topic and partition
 */
public record InstanceStatus(VersionInstance instance, Instant publishedAt, List<PausedPartition> paused)
        implements ControlValue {

    /** How often an instance with paused partitions repeats its status. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);

    /** After how long without a repetition a status no longer counts (three heartbeats). */
    public static final Duration STALE_AFTER = HEARTBEAT.multipliedBy(3);

    /** Validates and sorts. */
    public InstanceStatus {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(publishedAt, "publishedAt");
        paused = paused.stream().sorted(Comparator.comparing((PausedPartition p) -> p.partition().topic())
                .thenComparingInt(p -> p.partition().partition())).toList();
    }

    /** The component version reporting. */
    public ComponentVersion version() {
        return instance.version();
    }

    /** Whether the instance repeated it recently enough, at {@code now}, to count. */
    public boolean isCurrent(Instant now) {
        return publishedAt.plus(STALE_AFTER).isAfter(now);
    }

    @Override
    public ControlKey key() {
        return ControlKey.status(instance);
    }

    @Override
    public dev.rewind.schemas.avro.InstanceStatus toAvro() {
        return dev.rewind.schemas.avro.InstanceStatus.newBuilder()
                .setComponent(instance.version().component()).setVersion(instance.version().version())
                .setInstanceId(instance.instanceId()).setPublishedAt(publishedAt)
                .setPaused(paused.stream().map(PausedPartition::toAvro).toList()).build();
    }

    /** Reads the Avro record. */
    public static InstanceStatus fromAvro(dev.rewind.schemas.avro.InstanceStatus avro) {
        return new InstanceStatus(new VersionInstance(new ComponentVersion(avro.getComponent(), avro.getVersion()),
                avro.getInstanceId()), avro.getPublishedAt(),
                avro.getPaused().stream().map(PausedPartition::fromAvro).toList());
    }
}

package dev.rewind.replaytool.control;

import dev.rewind.clients.ClientSettings;
import dev.rewind.protocol.control.ControlIndex;
import dev.rewind.protocol.control.ControlKey;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.control.ControlValue;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.replaytool.Rejection;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import dev.rewind.api.events.PausedPartitionView;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.control.InstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The service's side of {@code rewind.control} (protocol/REPLAY-PROTOCOL.md): the protocol's {@link ControlLog}
 * for reading, as every engine instance has, and an idempotent producer for the commands and tombstones only the
 * service writes. Each write returns once the log has read it back, so a request that wrote a command sees it in
 * the {@link #index()} (read your writes).
 */
public final class ControlTopic implements AutoCloseable {

    /** The topic name. */
    public static final String TOPIC = RewindTopics.CONTROL;

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final ControlLog log;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ControlRecords records;

    private ControlTopic(ControlLog log, Map<String, Object> producerConfig, Map<String, ?> registryConfig) {
        this.log = log;
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.records = ControlRecords.forRegistry(registryConfig);
    }

    /**
     * Ensures the topic and starts reading it.
     *
     * @param client Kafka client settings (at least bootstrap.servers)
     * @param registryUrl schema registry base URL
     */
    public static ControlTopic start(Map<String, Object> client, String registryUrl) {
        return start(ClientSettings.of(client), Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl));
    }

    /**
     * Ensures the topic and starts reading it, every client built from {@code clients}.
     *
     * @param clients the service's Kafka client settings
     * @param registryConfig {@code schema.registry.url} and the registry client's credentials and TLS settings
     */
    public static ControlTopic start(ClientSettings clients, Map<String, ?> registryConfig) {
        ControlLog log = ControlLog.start(new ControlLog.Options(clients.readerConfig("rewind-service-control-reader"),
                ControlRecords.deserializer(registryConfig), TOPIC));
        try {
            return new ControlTopic(log, clients.idempotentProducerConfig("rewind-service-control-writer"),
                    registryConfig);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** What has been read so far. */
    public ControlIndex index() {
        return log.index();
    }

    /**
     * The source partitions {@code version}'s instances report paused in their current statuses at {@code now}
     * (stale ones, of instances that died without a tombstone, left out), by topic, partition and instance.
     */
    public List<PausedPartitionView> pausedPartitions(ComponentVersion version, Instant now) {
        List<PausedPartitionView> paused = new ArrayList<>();
        for (InstanceStatus status : log.index().statuses(version)) {
            if (status.isCurrent(now)) {
                status.paused().forEach(p -> paused.add(new PausedPartitionView(p.partition().topic(),
                        p.partition().partition(), p.offset(), p.reason().tag(), p.since(), p.eventTime().orElse(null),
                        status.instance().instanceId())));
            }
        }
        paused.sort(Comparator.comparing(PausedPartitionView::topic).thenComparingInt(PausedPartitionView::partition)
                .thenComparing(PausedPartitionView::instance));
        return paused;
    }

    /**
     * Writes one value under its key and waits until the log has read it back.
     *
     * @throws dev.rewind.replaytool.Rejection.Unavailable if Kafka does not acknowledge in time
     */
    public void write(ControlValue value) {
        await(producer.send(records.record(value)));
    }

    /**
     * Writes tombstones for {@code keys} and waits until the log has read them back.
     *
     * @throws dev.rewind.replaytool.Rejection.Unavailable if Kafka does not acknowledge in time
     */
    public void tombstone(Collection<ControlKey> keys) {
        Future<RecordMetadata> last = null;
        for (ControlKey key : keys) {
            last = producer.send(records.tombstone(key));
        }
        if (last != null) {
            await(last);
        }
    }

    private void await(Future<RecordMetadata> sent) {
        try {
            sent.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!log.awaitCaughtUp(WRITE_TIMEOUT)) {
                throw unavailable(new TimeoutException("the control log did not read the write back within "
                        + WRITE_TIMEOUT));
            }
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private static RuntimeException unavailable(Throwable cause) {
        return Rejection.unavailable("Writing to " + TOPIC + " failed (" + cause.getMessage()
                + "); check that Kafka and the schema registry are reachable, then retry.", cause);
    }

    /**
     * Waits until the log has read the topic to its current end, for start-up: {@link ControlLog#requireCaughtUp}.
     *
     * @throws IllegalStateException when it has not within {@code timeout}, when interrupted, or when Kafka
     *     refused access, naming the topic and what to check
     */
    public void awaitCaughtUp(Duration timeout) {
        log.requireCaughtUp(timeout);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        log.close();
    }
}

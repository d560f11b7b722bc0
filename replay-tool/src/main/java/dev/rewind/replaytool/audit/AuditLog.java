package dev.rewind.replaytool.audit;

import dev.rewind.clients.ClientSettings;
import dev.rewind.protocol.control.ControlLog;
import dev.rewind.protocol.control.ControlRecords;
import dev.rewind.protocol.log.LogFollower;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.schemas.avro.AuditAction;
import dev.rewind.schemas.avro.AuditEntry;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records who changed what, when and why as {@link AuditEntry} records on {@value RewindTopics#AUDIT} (key: the
 * entry id), and lists them back. Every replay start and cancel and every route and channel change goes through
 * here. The audit lives apart from {@code rewind.control} so that it can be kept as long as wanted without any
 * engine instance reading it; only the service follows it.
 *
 * <p>Thread-safe.
 */
public final class AuditLog implements AutoCloseable {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Clock clock;
    private final KafkaProducer<byte[], byte[]> producer;
    private final org.apache.kafka.common.serialization.Serializer<Object> serializer;
    private final Map<String, AuditEntry> entries = new LinkedHashMap<>();
    private final LogFollower<String, Object> follower;

    private AuditLog(String topic, ClientSettings clients, Map<String, ?> registryConfig, Clock clock) {
        this.topic = topic;
        this.clock = clock;
        this.producer = new KafkaProducer<>(clients.idempotentProducerConfig("rewind-service-audit-writer"),
                new ByteArraySerializer(), new ByteArraySerializer());
        // the audit's values use the control topic's serde settings: specific records, TopicRecordNameStrategy
        this.serializer = ControlRecords.serializer(registryConfig);
        this.follower = LogFollower.start(LogFollower.Options.of(topic,
                        clients.readerConfig("rewind-service-audit-reader"), new StringDeserializer(),
                        ControlRecords.deserializer(registryConfig)).alsoTransient(ControlLog::registryUnreachable),
                (raw, key, value) -> apply(key, value));
    }

    /**
     * Ensures {@value RewindTopics#AUDIT} and starts following it.
     *
     * @param admin an admin client (not closed here)
     * @param client Kafka client settings, at least {@code bootstrap.servers}
     * @param registryUrl schema registry base URL
     */
    public static AuditLog start(Admin admin, Map<String, Object> client, String registryUrl, Clock clock) {
        return start(admin, ClientSettings.of(client), Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl),
                clock);
    }

    /**
     * Ensures {@value RewindTopics#AUDIT} and starts following it, its clients built from {@code clients}.
     *
     * @param admin an admin client (not closed here)
     * @param clients the service's Kafka client settings
     * @param registryConfig {@code schema.registry.url} and the registry client's credentials and TLS settings
     */
    public static AuditLog start(Admin admin, ClientSettings clients, Map<String, ?> registryConfig, Clock clock) {
        TopicAdmin.ensure(admin, RewindTopics.audit());
        return new AuditLog(RewindTopics.AUDIT, clients, registryConfig, clock);
    }

    private void apply(String key, Object value) {
        synchronized (entries) {
            if (value == null) {
                entries.remove(key);
            } else if (value instanceof AuditEntry entry) {
                entries.put(entry.getEntryId(), entry);
            }
        }
    }

    /**
     * Writes one entry and returns it once the service can read it back.
     *
     * @param entryId the change's own id when it has one (route changes), else null for a new UUID
     * @throws dev.rewind.replaytool.Rejection.Unavailable if Kafka does not acknowledge in time
     */
    public AuditRecord record(String entryId, Caller caller, AuditAction action, String component, String subject,
            String reason, Map<String, String> details) {
        AuditEntry entry = AuditEntry.newBuilder()
                .setEntryId(entryId == null ? UUID.randomUUID().toString() : entryId)
                .setAt(clock.instant())
                .setAuthor(caller.name())
                .setRole(caller.role().label())
                .setAction(action)
                .setComponent(component)
                .setSubject(subject)
                .setReason(reason)
                .setDetails(Map.copyOf(details))
                .build();
        try {
            producer.send(new ProducerRecord<>(topic, entry.getEntryId().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, entry))).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!follower.awaitCaughtUp(WRITE_TIMEOUT)) {
                throw unavailable("the audit log did not read the entry back within " + WRITE_TIMEOUT);
            }
        } catch (ExecutionException e) {
            throw unavailable(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("no acknowledgement within " + WRITE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        return AuditRecord.of(entry);
    }

    private RuntimeException unavailable(String why) {
        return unavailable(why, null);
    }

    private RuntimeException unavailable(String why, Throwable cause) {
        return Rejection.unavailable("Writing to " + topic + " failed (" + why
                + "); check that Kafka and the schema registry are reachable, then retry.", cause);
    }

    /** The entry with that id (for route changes: the change id), if recorded. */
    public Optional<AuditRecord> entry(String entryId) {
        synchronized (entries) {
            return Optional.ofNullable(entries.get(entryId)).map(AuditRecord::of);
        }
    }

    /** Entries, newest first, optionally of one component, at most {@code limit}. */
    public List<AuditRecord> entries(String component, int limit) {
        List<AuditEntry> copy;
        synchronized (entries) {
            copy = List.copyOf(entries.values());
        }
        return copy.stream()
                .filter(e -> component == null || component.equals(e.getComponent()))
                .map(AuditRecord::of)
                .sorted(Comparator.comparing(AuditRecord::at).reversed())
                .limit(limit)
                .toList();
    }

    /**
     * Waits until the log has read the topic to its current end (for start-up).
     *
     * @throws IllegalStateException when it has not within {@code timeout}
     */
    public AuditLog awaitCaughtUp(Duration timeout) {
        follower.requireCaughtUp(timeout);
        return this;
    }

    /** Stops following the topic and closes the producer. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        follower.close();
        serializer.close();
    }
}

package dev.rewind.engine.runtime.spi;

import dev.rewind.clients.ClientRole;
import dev.rewind.clients.ClientSettings;
import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.engine.config.EngineConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of every Kafka client an engine instance creates, built through the one
 * {@link ClientSettings} model: the engine's defaults, then the operator's common and prefixed
 * settings, then what exactly-once processing needs, which always wins (the configuration already
 * rejects overrides of it). Readers do not create topics by asking for them
 * ({@code allow.auto.create.topics=false}): a missing input or rewind topic is created by
 * {@code TopicAdmin.ensure} or by the operator, never with a broker's auto-creation defaults.
 */
public final class ClientConfigs {

    /**
     * The engine's default {@code max.poll.records} (a smaller {@code max.batch.size} lowers it): the loop
     * checks whether the transaction is due between polls, so a poll must stay short against
     * {@code commit.interval.ms}.
     */
    public static final int MAX_POLL_RECORDS = 1_000;

    private ClientConfigs() {
    }

    public static Map<String, Object> consumer(EngineConfig config) {
        return settings(config).config(ClientRole.CONSUMER, config.transactionalId() + "-consumer",
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(config.maxBatchSize(), MAX_POLL_RECORDS)),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /** A group-less consumer reading committed changelog or source records. */
    public static Map<String, Object> restoreConsumer(EngineConfig config) {
        return settings(config).config(ClientRole.RESTORE_CONSUMER, config.transactionalId() + "-restore",
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                groupLess());
    }

    /**
     * The settings handed to a log follower or store that creates its own group-less consumer (route
     * log, control log, changelog restore); it sets its own client id and deserializers.
     */
    public static Map<String, Object> reader(EngineConfig config, String purpose) {
        Map<String, Object> settings = settings(config).config(ClientRole.RESTORE_CONSUMER,
                config.transactionalId() + "-" + purpose, Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        return settings;
    }

    public static Map<String, Object> producer(EngineConfig config) {
        return settings(config).config(ClientRole.PRODUCER, config.transactionalId() + "-producer",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 5),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId(),
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** A non-transactional, idempotent producer (a dry run's report, the instance status on rewind.control). */
    public static Map<String, Object> reportProducer(EngineConfig config) {
        return settings(config).config(ClientRole.PRODUCER, config.transactionalId() + "-report", Map.of(),
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"));
    }

    public static Map<String, Object> admin(EngineConfig config) {
        return settings(config).config(ClientRole.ADMIN, config.transactionalId() + "-admin");
    }

    /**
     * What the instance's clients do, for {@link KafkaAccessDenied} to name the operation Kafka denied: READ on the
     * source topics and its group, WRITE on every other topic it touches in the loop (outputs, outcomes, dead
     * letters, changelogs) and on its transactional id.
     */
    public static KafkaAccessDenied.Request access(EngineConfig config) {
        return KafkaAccessDenied.Request.of("version " + config.groupId() + " (instance " + config.instanceId()
                        + ")", AclOperation.WRITE).with(AclOperation.READ, config.sourceTopics())
                .group(config.groupId(), AclOperation.READ).transactionalId(config.transactionalId());
    }

    private static Map<String, Object> groupLess() {
        return Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    private static ClientSettings settings(EngineConfig config) {
        return config.clientSettings();
    }
}

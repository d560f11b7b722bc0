package dev.rewind.clients;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The kinds of Kafka client rewind creates, each with the prefix that scopes a setting to it and
 * the settings rewind sets itself (Kafka Streams' {@code NON_CONFIGURABLE_*_CONFIGS}).
 *
 * <ul>
 *   <li>{@link #CONSUMER}: a consumer in a consumer group (a version's main consumer);</li>
 *   <li>{@link #RESTORE_CONSUMER}: a consumer without group that reads a whole topic or a range of
 *       it (route log, control log, state changelog restore, replay and dry-run readers); it takes
 *       the {@code consumer.} settings too, then its own, as in Kafka Streams;</li>
 *   <li>{@link #PRODUCER}: every producer (transactional outputs, route and control writes);</li>
 *   <li>{@link #ADMIN}: every admin client (topic set-up, group inspection).</li>
 * </ul>
 */
public enum ClientRole {

    CONSUMER("consumer.", ConsumerConfig.configNames(), consumerOwned(true)),
    RESTORE_CONSUMER("restore.consumer.", ConsumerConfig.configNames(), consumerOwned(false)),
    PRODUCER("producer.", ProducerConfig.configNames(), Map.of(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rewind derives transactional ids itself"
                    + " (<component>.<version>.<instance.id> for a version); set instance.id instead",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "rewind's writes need idempotence; remove the setting",
            ProducerConfig.ACKS_CONFIG, "rewind's writes need acks=all; remove the setting",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "rewind serializes records itself; remove the setting",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "rewind serializes records itself; remove the setting")),
    ADMIN("admin.", AdminClientConfig.configNames(), Map.of());

    private static final String BOOTSTRAP_REASON = "set bootstrap.servers once, without prefix";

    private final String prefix;
    private final Set<String> kafkaNames;
    private final Map<String, String> nonConfigurable;

    ClientRole(String prefix, Set<String> kafkaNames, Map<String, String> nonConfigurable) {
        this.prefix = prefix;
        this.kafkaNames = Set.copyOf(kafkaNames);
        this.nonConfigurable = Map.copyOf(nonConfigurable);
    }

    /** The prefix that scopes a setting to this kind of client, e.g. {@code restore.consumer.}. */
    public String prefix() {
        return prefix;
    }

    /** Whether {@code key} (without prefix) is a setting of this kind of Kafka client. */
    public boolean knows(String key) {
        return kafkaNames.contains(key);
    }

    /**
     * The settings (without prefix) rewind always sets on this kind of client, with the reason shown
     * when someone tries to override one.
     */
    public Map<String, String> nonConfigurable() {
        return nonConfigurable;
    }

    /** Why {@code key} (without prefix) cannot be set for this client, or {@code null} when it can. */
    String refusal(String key) {
        if (ClientSettings.BOOTSTRAP_SERVERS.equals(key)) {
            return BOOTSTRAP_REASON;
        }
        return nonConfigurable.get(key);
    }

    private static Map<String, String> consumerOwned(boolean grouped) {
        String deserializer = "rewind decodes records itself; remove the setting";
        Map<String, String> owned = new java.util.HashMap<>(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "offsets are committed in rewind's transactions"
                        + " or not at all; remove the setting",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "rewind reads only committed records (read_committed);"
                        + " remove the setting",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, deserializer,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, deserializer,
                ConsumerConfig.GROUP_ID_CONFIG, grouped
                        ? "the group is always <component>.<version>; change component or version instead"
                        : "these readers use no consumer group; remove the setting"));
        if (grouped) {
            owned.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static membership is not supported; remove it");
            owned.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, "rewind relies on cooperative"
                    + " rebalancing; remove the setting");
        }
        return owned;
    }
}

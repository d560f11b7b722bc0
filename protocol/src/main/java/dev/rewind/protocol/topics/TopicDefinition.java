package dev.rewind.protocol.topics;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one of rewind's topics must look: its name, partition count and topic configs. The replication
 * factor is not part of the definition: {@link TopicAdmin#ensure} derives it from the cluster
 * ({@code min(3, brokers)}, with {@code min.insync.replicas = max(1, replicas - 1)}) so that a topic
 * gets the same durability whichever process creates it first.
 *
 * @param name the topic name (Kafka's rules: 1 to 249 of {@code [a-zA-Z0-9._-]})
 * @param partitions the partition count when created, at least 1
 * @param configs topic configs when created ({@code cleanup.policy}, {@code retention.ms}, ...)
 * @param singlePartitionLog whether readers rely on one total order: an existing topic with more than
 *     one partition is refused (Kafka Connect does the same for its config topic)
 */
public record TopicDefinition(String name, int partitions, Map<String, String> configs, boolean singlePartitionLog) {

    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Validates and copies. */
    public TopicDefinition {
        if (name == null || !LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Invalid topic name '" + name
                    + "': use 1 to 249 letters, digits, '.', '_' or '-'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition, was " + partitions);
        }
        if (singlePartitionLog && partitions != 1) {
            throw new IllegalArgumentException("Topic " + name + " is a single-partition log but was given "
                    + partitions + " partitions");
        }
        configs = Map.copyOf(Objects.requireNonNull(configs, "configs"));
    }

    /** A single-partition, compacted log read from the beginning by every instance. */
    static TopicDefinition compactedLog(String name) {
        return new TopicDefinition(name, 1,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), true);
    }

    /** Whether the definition asks for compaction. */
    public boolean compacted() {
        return configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, "").contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}

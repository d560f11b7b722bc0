package dev.rewind.local;

import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a read_committed reader finds of the demo on a running stack: the source topic's end, each
 * version group's committed offsets, and the accounting of invariants 2 and 7 (every source record
 * has exactly one live outcome, or none and one dead letter of no version; no live outcome twice).
 *
 * <p>Shared by {@code HostileInputSoak}, {@code LocalStackKillIT} and the {@code bench} module's
 * local-stack benchmark (through this module's test jar): JDK and Kafka clients only, no test library.
 */
public final class DemoAccounting {

    /** The demo's version groups, v1 first. */
    public static final List<String> GROUPS = List.of(ReleaseDemo.COMPONENT + "." + ReleaseDemo.BUGGY_VERSION,
            ReleaseDemo.COMPONENT + "." + ReleaseDemo.FIXED_VERSION);

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Records of the source topic and what became of them.
     *
     * @param records source records accounted for
     * @param outcomes live outcomes of the demo's component read
     * @param deadLetters dead letters of the demo's component read
     * @param duplicates events with more than one live outcome of a version
     * @param violations up to 20 source records without exactly one live outcome or one dead letter of no version
     */
    public record Accounting(long records, long outcomes, long deadLetters, long duplicates, List<String> violations) {
        public Accounting {
            violations = List.copyOf(violations);
        }
    }

    private DemoAccounting() {
    }

    /** The demo source's partitions. */
    public static List<TopicPartition> sourcePartitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < ReleaseDemo.PARTITIONS; p++) {
            partitions.add(new TopicPartition(ReleaseDemo.EVENTS_TOPIC, p));
        }
        return partitions;
    }

    /** The source's end offsets as a read_committed reader sees them (its last stable offsets). */
    public static Map<TopicPartition, Long> sourceEnd(Admin admin) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        sourcePartitions().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** {@code group}'s committed offsets on the source (0 where it has none). */
    public static Map<TopicPartition, Long> committed(Admin admin, String group)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (TopicPartition tp : sourcePartitions()) {
            OffsetAndMetadata offset = offsets.get(tp);
            committed.put(tp, offset == null ? 0 : offset.offset());
        }
        return committed;
    }

    /** Whether every demo version group has committed at least {@code end} on every partition. */
    public static boolean allPast(Admin admin, Map<TopicPartition, Long> end)
            throws ExecutionException, InterruptedException {
        for (String group : GROUPS) {
            Map<TopicPartition, Long> committed = committed(admin, group);
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                if (committed.get(e.getKey()) < e.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The sum over partitions of {@code end - committed}, never below 0 per partition. */
    public static long lag(Map<TopicPartition, Long> end, Map<TopicPartition, Long> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            lag += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
        }
        return lag;
    }

    /** The sum of {@code offsets}' values. */
    public static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Accounts for the source records below {@code upTo} (per partition; null for all), reading the
     * outcomes and dead letters a read_committed reader finds now. Outcomes are committed in the
     * transaction that commits the source offsets, so records below what every group has committed are
     * complete.
     */
    public static Accounting account(String bootstrapServers, String registryUrl, Map<TopicPartition, Long> upTo) {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        Map<String, Integer> live = new HashMap<>();
        Map<String, Integer> liveByEvent = new HashMap<>();
        long[] outcomes = new long[1];
        readAll(bootstrapServers, "rewind.outcomes", r -> {
            Outcome o = (Outcome) deserializer.deserialize("rewind.outcomes", r.value());
            if (o.getComponent().equals(ReleaseDemo.COMPONENT) && o.getReplayId() == null) {
                outcomes[0]++;
                live.merge(o.getSourceTopic() + "/" + o.getSourcePartition() + "/" + o.getSourceOffset(), 1,
                        Integer::sum);
                liveByEvent.merge(o.getEventId() + "/" + o.getVersion(), 1, Integer::sum);
            }
        });
        Map<String, Integer> unrouted = new HashMap<>();
        long[] dead = new long[1];
        String dlq = "rewind.dlq." + ReleaseDemo.COMPONENT;
        readAll(bootstrapServers, dlq, r -> {
            DlqEntry e = (DlqEntry) deserializer.deserialize(dlq, r.value());
            dead[0]++;
            if (e.getVersion().isEmpty()) {
                unrouted.merge(e.getSourceTopic() + "/" + e.getSourcePartition() + "/" + e.getSourceOffset(), 1,
                        Integer::sum);
            }
        });
        List<String> violations = new ArrayList<>();
        long[] records = new long[1];
        readAll(bootstrapServers, ReleaseDemo.EVENTS_TOPIC, r -> {
            if (upTo != null && r.offset() >= upTo.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
                return;
            }
            records[0]++;
            String at = r.topic() + "/" + r.partition() + "/" + r.offset();
            int outcomesOf = live.getOrDefault(at, 0);
            int deadOf = unrouted.getOrDefault(at, 0);
            if (!(outcomesOf == 1 && deadOf == 0 || outcomesOf == 0 && deadOf == 1) && violations.size() < 20) {
                violations.add(at + ": " + outcomesOf + " live outcomes, " + deadOf + " dead letters of no version");
            }
        });
        long duplicates = liveByEvent.values().stream().filter(n -> n > 1).count();
        return new Accounting(records[0], outcomes[0], dead[0], duplicates, violations);
    }

    private static void readAll(String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to " + end + " within "
                            + READ_TIMEOUT.toMinutes() + " min");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}

package dev.rewind.replaytool.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real consumer in group {@code <component>.<version>} that keeps polling on its own thread,
 * standing in for a running instance of that version (the service only looks at the group).
 */
public final class LiveMember implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile boolean committed;

    private LiveMember(String bootstrap, String group, String topic, boolean commit) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(() -> loop(topic, commit), "live-member-" + group);
        thread.setDaemon(true);
    }

    /** Joins the group, subscribes to the topic and waits until partitions are assigned. */
    public static LiveMember join(String bootstrap, String group, String topic) {
        LiveMember member = new LiveMember(bootstrap, group, topic, true);
        member.thread.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> !member.assigned.isEmpty());
        return member;
    }

    /** A group that existed (it committed offsets) but has no member any more. */
    public static void leaveEmptyGroup(String bootstrap, String group, String topic) {
        try (LiveMember member = join(bootstrap, group, topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> member.committed);
        }
    }

    private void loop(String topic, boolean commit) {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                consumer.poll(Duration.ofMillis(200));
                assigned.clear();
                assigned.addAll(consumer.assignment());
                if (commit && !assigned.isEmpty()) {
                    consumer.commitSync();
                    committed = true;
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

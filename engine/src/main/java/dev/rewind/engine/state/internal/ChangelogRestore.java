package dev.rewind.engine.state.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads one changelog partition from the beginning to its (committed) end into a RocksDB. */
public final class ChangelogRestore {

    private static final Logger LOGGER = LoggerFactory.getLogger(ChangelogRestore.class);

    private ChangelogRestore() {
    }

    /** Applies the whole changelog partition; returns the number of records applied. */
    public static long restore(Map<String, Object> clientConfig, String topic, int partition, RocksDB db,
            WriteOptions writeOptions) throws RocksDBException {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.keySet().retainAll(ConsumerConfig.configNames());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        TopicPartition tp = new TopicPartition(topic, partition);
        long applied = 0;
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(60)).get(tp);
            while (consumer.position(tp) < end) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (!VersionKey.isValid(record.key())) {
                            continue; // not written by a state store; nothing to restore
                        }
                        if (record.value() == null) {
                            batch.delete(record.key());
                        } else {
                            batch.put(record.key(), record.value());
                        }
                        applied++;
                    }
                    db.write(writeOptions, batch);
                }
            }
        }
        LOGGER.atInfo().addKeyValue("topic", topic).addKeyValue("partition", partition)
                .addKeyValue("records", applied)
                .addKeyValue("millis", Duration.ofNanos(System.nanoTime() - started).toMillis())
                .log("State restored from changelog");
        return applied;
    }
}

package dev.rewind.engine.state.internal;

import dev.rewind.clients.acl.KafkaAccessDenied;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one changelog partition into a RocksDB up to its committed end: from a checkpointed offset
 * when the local store already holds everything before it, else from the beginning into an emptied
 * store.
 */
public final class ChangelogRestore {

    private static final Logger LOGGER = LoggerFactory.getLogger(ChangelogRestore.class);

    /** Empties the local store before a restore from the beginning. */
    @FunctionalInterface
    public interface Wipe {
        void run() throws RocksDBException;
    }

    /**
     * What a restore did.
     *
     * @param applied changelog records applied
     * @param nextOffset the changelog offset the store now covers up to (exclusive): where the next
     *     restore may start
     * @param fromCheckpoint whether it started at the checkpoint rather than the beginning
     */
    public record Result(long applied, long nextOffset, boolean fromCheckpoint) {
    }

    private ChangelogRestore() {
    }

    /**
     * Applies the changelog partition from {@code checkpoint} to its end, or, when there is no
     * checkpoint or it lies outside the partition's offsets (the topic was re-created or its head
     * deleted), calls {@code wipe} and applies it from the beginning.
     */
    public static Result restore(Map<String, Object> clientConfig, String topic, int partition, RocksDB db,
            WriteOptions writeOptions, OptionalLong checkpoint, Wipe wipe) throws RocksDBException {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.keySet().retainAll(ConsumerConfig.configNames());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        TopicPartition tp = new TopicPartition(topic, partition);
        long applied = 0;
        long started = System.nanoTime();
        boolean fromCheckpoint;
        long next;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(60)).get(tp);
            long beginning = consumer.beginningOffsets(List.of(tp), Duration.ofSeconds(60)).get(tp);
            fromCheckpoint = checkpoint.isPresent() && checkpoint.getAsLong() >= beginning
                    && checkpoint.getAsLong() <= end;
            if (fromCheckpoint) {
                consumer.seek(tp, checkpoint.getAsLong());
            } else {
                if (checkpoint.isPresent()) {
                    LOGGER.atWarn().addKeyValue("topic", topic).addKeyValue("partition", partition)
                            .addKeyValue("offset", checkpoint.getAsLong()).addKeyValue("beginning", beginning)
                            .addKeyValue("end", end).log("State checkpoint outside the changelog's offsets (topic"
                                    + " re-created or truncated); restoring from the beginning");
                }
                wipe.run();
                consumer.seekToBeginning(List.of(tp));
            }
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
            next = consumer.position(tp);
        } catch (KafkaException e) {
            // the changelog prefix needs READ as well as WRITE; the loop could not tell which one was denied
            KafkaAccessDenied.rethrowIfDenied(e, KafkaAccessDenied.Request.of("the state restore of " + topic,
                    AclOperation.READ).naming(List.of(topic)));
            throw e;
        }
        LOGGER.atInfo().addKeyValue("topic", topic).addKeyValue("partition", partition)
                .addKeyValue("records", applied).addKeyValue("fromCheckpoint", fromCheckpoint)
                .addKeyValue("offset", next)
                .addKeyValue("millis", Duration.ofNanos(System.nanoTime() - started).toMillis())
                .log("State restored from changelog");
        return new Result(applied, next, fromCheckpoint);
    }
}

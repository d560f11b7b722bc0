package dev.rewind.registry.internal.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/** One transactional write of {@link KafkaSchemaLog}; owns its producer and closes it. */
final class KafkaWriteSession implements SchemaLog.WriteSession {

    private final KafkaProducer<String, String> producer;
    private final TopicPartition partition;
    private final Duration timeout;
    private final String transactionalId;
    private boolean finished;

    KafkaWriteSession(KafkaProducer<String, String> producer, TopicPartition partition, Duration timeout,
            String transactionalId) {
        this.transactionalId = transactionalId;
        this.producer = producer;
        this.partition = partition;
        this.timeout = timeout;
    }

    @Override
    public long commit(List<LogEntry> entries) {
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (LogEntry entry : entries) {
                sent.add(producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), entry.key(),
                        entry.value())));
            }
            producer.commitTransaction();
            finished = true;
            long last = -1;
            for (Future<RecordMetadata> future : sent) {
                last = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            }
            return last;
        } catch (KafkaException e) {
            if (fenced(e)) {
                finished = true;
                throw new WriteConflictException("Another registry instance began a write", e);
            }
            throw new SchemaLogException("Could not write to topic '" + partition.topic() + "': " + e
                    + StoreAccess.deniedWrite(e, partition.topic(), transactionalId), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaLogException("Could not write to topic '" + partition.topic() + "': " + e
                    + StoreAccess.deniedWrite(e, partition.topic(), transactionalId), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaLogException("Interrupted while writing to topic '" + partition.topic() + "'", e);
        }
    }

    private static boolean fenced(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            if (!finished) {
                // Abort now rather than let the open transaction hold back every reader until it times out.
                producer.abortTransaction();
            }
        } catch (KafkaException e) {
            // fenced or broken: the coordinator aborts it when the next writer begins
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}

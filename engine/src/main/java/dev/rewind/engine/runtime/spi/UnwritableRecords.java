package dev.rewind.engine.runtime.spi;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Source records whose handling failed to write something with a {@linkplain SendErrors#isPermanent
 * permanent} error, so that the batch retried after the abort does not fail the same way forever.
 *
 * <p>A record's first permanent failure is retried once like any failure (a misjudged transient
 * error costs one abort, not an event). When it fails so again, the record is
 * {@linkplain Verdict#DEAD_LETTER dead-lettered} instead of handled: a dead letter without the
 * original key, value and headers (its source coordinates locate the original). If even that
 * fails, the record is {@linkplain Verdict#GIVE_UP given up}: logged at ERROR with its coordinates
 * and counted, the only case where an event ends without an outcome or a dead letter (the
 * dead-letter topic itself refuses writes).
 *
 * <p>Failures arrive from producer callbacks (the producer's I/O thread); verdicts are read on the
 * consumer thread.
 */
public final class UnwritableRecords {

    /** What to do with a source record whose writes failed permanently before. */
    public enum Verdict {
        /** Not seen failing, or failed once: handle it as usual. */
        HANDLE,
        /** Failed permanently twice: dead-letter it, truncated, without handling it. */
        DEAD_LETTER,
        /** Even its dead letter could not be written: log, count and go on. */
        GIVE_UP
    }

    /** One permanent failure and how many attempts failed so. */
    record Failure(Throwable cause, int attempts) {
    }

    /**
     * The first permanent failure of the open transaction. Only the first: once a send failed, the
     * producer fails the transaction's other sends and in-flight batches with the same exception,
     * and those records are not at fault.
     */
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private final Map<SourceOffset, Failure> failures = new HashMap<>();
    /** Records with a failure that were handled in the open transaction: done once it commits. */
    private final Set<SourceOffset> visited = new HashSet<>();

    /** Notes a failed send made while handling {@code partition}@{@code offset}; any thread. */
    void sendFailed(TopicPartition partition, long offset, Exception failure) {
        if (partition != null && SendErrors.isPermanent(failure)) {
            pending.compareAndSet(null, new Pending(new SourceOffset(partition, offset), failure));
        }
    }

    /** After an abort: counts the permanent failures of the aborted transaction; consumer thread. */
    void aborted() {
        Pending first = pending.getAndSet(null);
        if (first != null) {
            failures.merge(first.source(), new Failure(first.cause(), 1),
                    (before, now) -> new Failure(now.cause(), before.attempts() + 1));
        }
        visited.clear();
    }

    /** After a commit: forgets the failures of records the commit covered. */
    void committed() {
        pending.set(null);
        visited.forEach(failures::remove);
        visited.clear();
    }

    /** What to do with {@code record} now; consumer thread. */
    public Verdict verdict(ConsumerRecord<?, ?> record) {
        if (failures.isEmpty()) {
            return Verdict.HANDLE;
        }
        SourceOffset source = SourceOffset.of(record);
        Failure failure = failures.get(source);
        if (failure != null) {
            visited.add(source);
        }
        if (failure == null || failure.attempts() < 2) {
            return Verdict.HANDLE;
        }
        return failure.attempts() == 2 ? Verdict.DEAD_LETTER : Verdict.GIVE_UP;
    }

    /** The last permanent failure of {@code record}, if any. */
    public Optional<Throwable> cause(ConsumerRecord<?, ?> record) {
        return Optional.ofNullable(failures.get(SourceOffset.of(record))).map(Failure::cause);
    }

    private record Pending(SourceOffset source, Throwable cause) {
    }

    /** A source record's coordinates. */
    record SourceOffset(TopicPartition partition, long offset) {
        static SourceOffset of(ConsumerRecord<?, ?> record) {
            return new SourceOffset(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }
}

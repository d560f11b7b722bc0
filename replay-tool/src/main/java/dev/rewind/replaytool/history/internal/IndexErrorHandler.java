package dev.rewind.replaytool.history.internal;

import dev.rewind.engine.runtime.spi.SendErrors;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history index's answer to a record it cannot read, process or write (invariant 8: no record
 * stops the line). Without it, Kafka Streams fails the task, the uncaught-exception handler replaces
 * the stream thread, and the replacement meets the same record again, forever.
 *
 * <p>A failure that will repeat on every retry of the same record drops the record from the index
 * (its source record stays in Kafka, at the topic, partition and offset logged) and the index goes
 * on: a write the broker refuses for good ({@link SendErrors#isPermanent}: too large, invalid,
 * unserializable, unknown, deleted or unauthorized topic), a record that cannot be deserialized, a
 * processor that throws ({@code ProcessingExceptionHandler}, KIP-1033). Anything else is answered as
 * Kafka Streams' default handlers do: a retriable write error is retried, other errors fail the task.
 * Production and processing failures are dropped, deserialization failures too; each is logged at
 * WARN with its coordinates, and counted by stage and exception ({@link #dropped()}).
 *
 * <p>Under {@code exactly_once_v2} a failed send still aborts the task's transaction whatever the
 * production handler answers (observed with Kafka Streams 4.1.1: the commit fails with "Cannot execute
 * transactional method because we are in an error state" and the thread is replaced), so the index
 * never produces what cannot be written: {@link EventIndexer} keeps no payload over 256 KiB and skips
 * event ids over 512 characters and cohort values over 128. This handler is the net for the rest.
 *
 * <p>Instantiated by Kafka Streams (one per task or thread) through the configuration
 * {@link #register} writes; the counts are shared by every instance in the JVM.
 */
public final class IndexErrorHandler implements ProductionExceptionHandler, ProcessingExceptionHandler,
        DeserializationExceptionHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(IndexErrorHandler.class);

    private static final Map<String, AtomicLong> DROPPED = new ConcurrentHashMap<>();

    /** Sets this class as the production, processing and deserialization exception handler. */
    public static void register(Properties props) {
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, IndexErrorHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, IndexErrorHandler.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, IndexErrorHandler.class);
    }

    /** Records dropped so far in this JVM, by {@code <stage>/<exception class>}; stage is write, process or read. */
    public static Map<String, Long> dropped() {
        Map<String, Long> result = new java.util.TreeMap<>();
        DROPPED.forEach((key, count) -> result.put(key, count.get()));
        return result;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (SendErrors.isPermanent(exception)) {
            drop("write", context, record.topic(), exception);
            return ProductionExceptionHandlerResponse.CONTINUE;
        }
        // as Kafka Streams' default handler: retry what may pass, fail the task on the rest
        return exception instanceof RetriableException ? ProductionExceptionHandlerResponse.RETRY
                : ProductionExceptionHandlerResponse.FAIL;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        drop("write", context, record.topic(), exception);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (isRetriable(exception)) {
            return ProcessingHandlerResponse.FAIL;
        }
        drop("process", context, context.processorNodeId(), exception);
        return ProcessingHandlerResponse.CONTINUE;
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        drop("read", context, record.topic(), exception);
        return DeserializationHandlerResponse.CONTINUE;
    }

    private static boolean isRetriable(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static void drop(String stage, ErrorHandlerContext context, String target, Exception exception) {
        long count = DROPPED.computeIfAbsent(stage + "/" + exception.getClass().getSimpleName(),
                k -> new AtomicLong()).incrementAndGet();
        // the first of a kind and then every 1,000th: a refused topic fails every record, the log must not
        // grow with them
        if (count == 1 || count % 1000 == 0) {
            LOGGER.atWarn().addKeyValue("stage", stage).addKeyValue("target", target)
                    .addKeyValue("topic", context.topic()).addKeyValue("partition", context.partition())
                    .addKeyValue("offset", context.offset()).addKeyValue("dropped", count)
                    .addKeyValue("reason", exception.getClass().getSimpleName() + ": " + exception.getMessage())
                    .log("History index dropped a record it cannot " + stage + " (the failure would repeat on"
                            + " every retry); the source record stays at the topic, partition and offset logged");
        }
    }
}

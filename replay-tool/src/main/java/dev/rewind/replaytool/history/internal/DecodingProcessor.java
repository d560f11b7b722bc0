package dev.rewind.replaytool.history.internal;

import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Confluent-wire-format Avro values and hands each record, with its source coordinates, to
 * {@link #decoded}. A record that does not decode is logged and skipped rather than failing the
 * index: the index must keep up with topics it does not own.
 *
 * @param <V> what the subclass forwards
 */
abstract class DecodingProcessor<V> implements Processor<Bytes, byte[], String, V> {

    private static final Logger LOGGER = LoggerFactory.getLogger(DecodingProcessor.class);

    private final Supplier<Deserializer<Object>> deserializers;
    private Deserializer<Object> deserializer;
    private ProcessorContext<String, V> context;

    DecodingProcessor(Supplier<Deserializer<Object>> deserializers) {
        this.deserializers = deserializers;
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        this.context = context;
        this.deserializer = deserializers.get();
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        Object value;
        try {
            value = deserializer.deserialize(meta.topic(), record.value());
        } catch (RuntimeException e) {
            LOGGER.atWarn().addKeyValue("topic", meta.topic()).addKeyValue("partition", meta.partition())
                    .addKeyValue("offset", meta.offset()).setCause(e)
                    .log("history index skips a record it cannot decode");
            return;
        }
        if (value instanceof GenericRecord generic) {
            try {
                decoded(generic, record, meta);
            } catch (RuntimeException e) {
                LOGGER.atWarn().addKeyValue("topic", meta.topic()).addKeyValue("partition", meta.partition())
                        .addKeyValue("offset", meta.offset()).setCause(e)
                        .log("history index skips a record without the expected fields");
            }
        }
    }

    /** Called once per decodable record; forward with {@link #forward}. */
    abstract void decoded(GenericRecord value, Record<Bytes, byte[]> record, RecordMetadata meta);

    void forward(Record<Bytes, byte[]> source, String key, V value) {
        context.forward(new Record<>(key, value, source.timestamp(), source.headers()));
    }

    @Override
    public void close() {
        if (deserializer != null) {
            deserializer.close();
        }
    }
}

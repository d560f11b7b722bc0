package dev.rewind.schemas.serde;

import java.lang.reflect.Method;
import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what decoding one Avro value may allocate: the lengths a producer declares in a value
 * (string and bytes lengths, collection item counts) are data, not facts, and Avro allocates them
 * before it reads a byte of them. Without bounds, a 23-byte record declaring 2,147,483,639 array
 * items makes Avro allocate the array at once ({@link OutOfMemoryError}).
 *
 * <p>Avro 1.12 checks three limits, read from system properties
 * ({@link SystemLimitException#MAX_STRING_LENGTH_PROPERTY}, {@link SystemLimitException#MAX_BYTES_LENGTH_PROPERTY},
 * {@link SystemLimitException#MAX_COLLECTION_LENGTH_PROPERTY}), whose defaults are the VM's array
 * limit. {@link #install()} sets rewind's defaults for those that are not set already, so an
 * operator's {@code -Dorg.apache.avro.limits...} always wins; a value over a limit fails with
 * {@link SystemLimitException}, which {@link AvroDeserializer} reports as a
 * {@link org.apache.kafka.common.errors.SerializationException} (readers dead-letter it).
 *
 * <p>The limits are JVM-wide (Avro keeps them in static fields); every reader of events (engine,
 * dry run, history index, ingest) decodes through {@link AvroDeserializer}, whose class initializer
 * installs them.
 */
public final class AvroLimits {

    /** Longest string, in bytes, a value may declare: 16 MiB, beyond any Kafka record rewind reads by default. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;
    /** Longest bytes field a value may declare: 16 MiB. */
    public static final int DEFAULT_MAX_BYTES_LENGTH = 16 * 1024 * 1024;
    /** Most items one array or map may declare: 1,000,000 (about 8 MB of references when preallocated). */
    public static final int DEFAULT_MAX_COLLECTION_ITEMS = 1_000_000;

    private static final Logger LOGGER = LoggerFactory.getLogger(AvroLimits.class);

    private AvroLimits() {
    }

    /** Sets rewind's defaults for the Avro limits not set by the operator and makes Avro read them. Idempotent. */
    public static synchronized void install() {
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, DEFAULT_MAX_STRING_LENGTH);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, DEFAULT_MAX_BYTES_LENGTH);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, DEFAULT_MAX_COLLECTION_ITEMS);
        // Avro reads the properties once, when SystemLimitException is initialized; referencing its
        // constants above does not initialize it (they are compile-time constants), but another
        // library may have done so already: make it read them again.
        try {
            Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
            reset.setAccessible(true);
            reset.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.atWarn().setCause(e).log("Could not make Avro re-read its decoding limits; they apply only if"
                    + " set before Avro's SystemLimitException was first used");
        }
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}

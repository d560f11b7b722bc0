package dev.rewind.engine.routing.internal;

import dev.rewind.schemas.avro.ChannelChange;
import dev.rewind.schemas.avro.InstallationRouteTiming;
import dev.rewind.schemas.avro.OwnershipTimeFix;
import dev.rewind.schemas.avro.RouteChange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encoding of the values on {@code rewind.routes}: Avro single-object encoding (marker, 8-byte
 * schema fingerprint, Avro binary).
 *
 * <p>Why not the registry's wire format: routing must work before, and without, the schema
 * registry, and the fingerprint already tells the two record types on the topic apart. Any Avro
 * library with the schemas in {@code rewind-schemas} can read the topic.
 *
 * <p>Single-object encoding names the writer's schema by fingerprint, so every schema a route
 * change was ever written with must stay known to the reader: version 1 of {@code RouteChange}
 * (before ramps, kept as {@code RouteChange-1.avsc} beside this class) is added to the decoder and
 * resolved to the current one (a missing ramp reads as null). A reader older than a writer fails
 * on the new fingerprint: upgrade every engine instance and the service before publishing a ramp.
 */
public final class RouteRecords {

    private static final BinaryMessageDecoder<RouteChange> ROUTE_DECODER = routeDecoder();

    private RouteRecords() {
    }

    private static BinaryMessageDecoder<RouteChange> routeDecoder() {
        BinaryMessageDecoder<RouteChange> decoder = RouteChange.createDecoder(null);
        try (InputStream in = RouteRecords.class.getResourceAsStream("RouteChange-1.avsc")) {
            if (in == null) {
                throw new IllegalStateException("RouteChange-1.avsc is missing from the engine jar");
            }
            decoder.addSchema(new Schema.Parser().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return decoder;
    }

    /** Encodes a route change. */
    public static byte[] encode(RouteChange change) {
        try {
            return bytes(RouteChange.getEncoder().encode(change));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes a channel change. */
    public static byte[] encode(ChannelChange change) {
        try {
            return bytes(ChannelChange.getEncoder().encode(change));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes an ownership-time fix. */
    public static byte[] encode(OwnershipTimeFix fix) {
        try {
            return bytes(OwnershipTimeFix.getEncoder().encode(fix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes an installation's route timing. */
    public static byte[] encode(InstallationRouteTiming timing) {
        try {
            return bytes(InstallationRouteTiming.getEncoder().encode(timing));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a {@link RouteChange}, a {@link ChannelChange}, an {@link OwnershipTimeFix} or an
     * {@link InstallationRouteTiming}.
     *
     * @throws IllegalArgumentException if the bytes are none of them
     */
    public static SpecificRecord decode(byte[] value) {
        try {
            try {
                return ROUTE_DECODER.decode(value);
            } catch (MissingSchemaException notARoute) {
                try {
                    return ChannelChange.getDecoder().decode(value);
                } catch (MissingSchemaException notAChannel) {
                    try {
                        return OwnershipTimeFix.getDecoder().decode(value);
                    } catch (MissingSchemaException notAFix) {
                        return InstallationRouteTiming.getDecoder().decode(value);
                    }
                }
            }
        } catch (MissingSchemaException e) {
            throw new IllegalArgumentException("Record is neither a RouteChange, a ChannelChange, an"
                    + " OwnershipTimeFix nor an InstallationRouteTiming (unknown schema fingerprint)", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Undecodable route record: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] result = new byte[buffer.remaining()];
        buffer.get(result);
        return result;
    }
}

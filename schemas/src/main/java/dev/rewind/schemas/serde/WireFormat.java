package dev.rewind.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format for schema-registry-backed messages: one magic byte {@code 0}, the
 * schema's global id as a 4-byte big-endian integer, then the Avro binary encoding of the value.
 *
 * <p>Stateless and thread-safe. Methods that read a message throw Kafka's
 * {@link SerializationException} naming what is wrong with it.
 */
public final class WireFormat {

    /** The first byte of every message in this format. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Size of the schema id in bytes. */
    public static final int ID_SIZE = 4;
    /** Magic byte plus schema id: where the Avro payload starts. */
    public static final int HEADER_SIZE = 1 + ID_SIZE;

    private WireFormat() {
    }

    /**
     * Reads the schema id of a message.
     *
     * @throws SerializationException when the message is null, shorter than the header or does not
     *     start with the magic byte
     */
    public static int schemaId(byte[] message) {
        requireWireFormat(message);
        return ByteBuffer.wrap(message, 1, ID_SIZE).getInt();
    }

    /** Tells, without throwing, whether a message starts with a plausible header. */
    public static boolean hasHeader(byte[] message) {
        return message != null && message.length >= HEADER_SIZE && message[0] == MAGIC_BYTE;
    }

    /** Returns a read-only view of the Avro payload after the header. */
    public static ByteBuffer payload(byte[] message) {
        requireWireFormat(message);
        return ByteBuffer.wrap(message, HEADER_SIZE, message.length - HEADER_SIZE).slice().asReadOnlyBuffer();
    }

    /** Returns the 5-byte header for a schema id. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** Prefixes an Avro payload with the header for a schema id. */
    public static byte[] frame(int schemaId, byte[] avroPayload) {
        return ByteBuffer.allocate(HEADER_SIZE + avroPayload.length).put(MAGIC_BYTE).putInt(schemaId)
                .put(avroPayload).array();
    }

    private static void requireWireFormat(byte[] message) {
        if (message == null) {
            throw new SerializationException("no message bytes: a null value has no schema id");
        }
        if (message.length < HEADER_SIZE) {
            throw new SerializationException("message of " + message.length + " bytes is too short for the "
                    + "schema registry wire format, which needs at least " + HEADER_SIZE
                    + " bytes (magic byte 0 and a 4-byte schema id); was it written by a schema-registry serializer?");
        }
        if (message[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format("unknown magic byte 0x%02x: the schema registry wire "
                    + "format starts with 0x00; the message was not written by a schema-registry serializer "
                    + "(plain Avro, JSON or another format?)", message[0]));
        }
    }
}

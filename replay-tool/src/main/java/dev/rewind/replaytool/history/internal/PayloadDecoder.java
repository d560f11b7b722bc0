package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a stored Confluent-wire-format value into JSON through the registry (the writer's schema,
 * looked up by the id in the value and cached): the decoded record written straight as JSON tokens
 * ({@link AvroDatumJson}), into a response being written or into a tree. Thread-safe.
 */
public final class PayloadDecoder {

    /** The payload the index keeps for an event too large to keep (empty: no wire-format value is). */
    static final byte[] OMITTED = new byte[0];

    private static final String OMITTED_TEXT = "payload not kept by the history index: the event is larger than "
            + EventIndexer.MAX_KEPT_PAYLOAD_BYTES + " bytes; read it from its topic at its partition and offset";

    private final AvroDeserializer deserializer;
    private final AvroDatumJson json = new AvroDatumJson(Json.MAPPER);

    public PayloadDecoder(SchemaRegistryClient registry) {
        this.deserializer = new AvroDeserializer(registry);
    }

    /**
     * Writes the payload as one JSON value: null for null, a string describing the failure when it
     * cannot be decoded or was not kept, else the decoded value.
     */
    public void write(String topic, byte[] payload, JsonGenerator g) throws IOException {
        if (payload == null) {
            g.writeNull();
            return;
        }
        if (payload.length == 0) {
            g.writeString(OMITTED_TEXT);
            return;
        }
        Object decoded;
        try {
            decoded = deserializer.deserialize(topic, payload);
        } catch (RuntimeException e) {
            g.writeString("undecodable payload: " + e.getMessage());
            return;
        }
        json.write(decoded, g);
    }

    /** {@link #write} as a tree; null for null. */
    public JsonNode toJson(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        try (TokenBuffer tokens = new TokenBuffer(Json.MAPPER, false)) {
            write(topic, payload, tokens);
            return Json.MAPPER.readTree(tokens.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException("could not buffer the JSON of a payload from " + topic, e);
        }
    }
}

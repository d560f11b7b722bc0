package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import org.apache.avro.generic.GenericData;

/**
 * Turns a stored Confluent-wire-format value into JSON through the registry (the writer's schema,
 * looked up by the id in the value and cached). Thread-safe.
 */
public final class PayloadDecoder {

    /** The payload the index keeps for an event too large to keep (empty: no wire-format value is). */
    static final byte[] OMITTED = new byte[0];

    private final AvroDeserializer deserializer;

    public PayloadDecoder(SchemaRegistryClient registry) {
        this.deserializer = new AvroDeserializer(registry);
    }

    /** The payload as JSON; null for null; a text node describing the failure when it cannot be decoded. */
    public JsonNode toJson(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        if (payload.length == 0) {
            return TextNode.valueOf("payload not kept by the history index: the event is larger than "
                    + EventIndexer.MAX_KEPT_PAYLOAD_BYTES + " bytes; read it from its topic at its partition and offset");
        }
        Object decoded;
        try {
            decoded = deserializer.deserialize(topic, payload);
        } catch (RuntimeException e) {
            return TextNode.valueOf("undecodable payload: " + e.getMessage());
        }
        String text = GenericData.get().toString(decoded);
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}

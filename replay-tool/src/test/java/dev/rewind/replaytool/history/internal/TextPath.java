package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rewind.schemas.registry.SchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import org.apache.avro.generic.GenericData;

/**
 * The payload JSON as the history API built it before issue 12 (main's {@code PayloadDecoder.toJson}):
 * Avro's {@code GenericData.toString} text read back by Jackson, or that text as a string when Jackson
 * refuses it. The reference the direct rendering is compared with.
 */
final class TextPath {

    private TextPath() {
    }

    static JsonNode payload(SchemaRegistryClient registry, String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        if (payload.length == 0) {
            return TextNode.valueOf("payload not kept by the history index: the event is larger than "
                    + EventIndexer.MAX_KEPT_PAYLOAD_BYTES + " bytes; read it from its topic at its partition and offset");
        }
        Object decoded;
        try {
            decoded = new AvroDeserializer(registry).deserialize(topic, payload);
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

package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.replaytool.history.DlqRecord;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventPage;
import dev.rewind.replaytool.history.EventQuery;
import dev.rewind.replaytool.history.EventRef;
import dev.rewind.replaytool.history.OutputLocation;
import dev.rewind.replaytool.history.Processing;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders histories as the API's JSON: the event with its decoded payload, processings, outputs, DLQ.
 *
 * <p>A listing is written straight to the response ({@link #list}: no tree, the payloads written
 * from their decoded Avro records), because it is the index's hot query (issue 12: Avro's text of every payload
 * parsed back into a tree was a third of a listing's CPU; without it and the trees a query allocates a
 * third less). The
 * detail view of one event is built as a tree.
 */
public final class EventJson {

    private final ObjectMapper mapper;
    private final PayloadDecoder payloads;

    public EventJson(ObjectMapper mapper, PayloadDecoder payloads) {
        this.mapper = mapper;
        this.payloads = payloads;
    }

    /**
     * The body of {@code GET /api/v1/events}: {@code cohort}, {@code from}, {@code to}, {@code limit},
     * {@code events} (each the event and, per component version, its latest processing) and
     * {@code nextCursor}, written when the serializing mapper writes it.
     */
    public JsonSerializable list(EventQuery query, EventPage page) {
        return new Streamed() {
            @Override
            public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
                g.writeStartObject();
                g.writeStringField("cohort", query.cohort().toString());
                g.writeStringField("from", query.from().toString());
                g.writeStringField("to", query.to().toString());
                g.writeNumberField("limit", query.limit());
                g.writeArrayFieldStart("events");
                for (EventHistory history : page.events()) {
                    summary(history, g, provider);
                }
                g.writeEndArray();
                string(g, "nextCursor", page.next() == null ? null : page.next().encode());
                g.writeEndObject();
            }
        };
    }

    /** A list entry: the event and, per component version, its latest processing. */
    private void summary(EventHistory history, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject();
        EventRef ref = history.ref();
        if (ref != null) {
            g.writeStringField("eventId", ref.eventId());
            string(g, "type", ref.type());
            g.writeStringField("timestamp", ref.timestamp().toString());
            g.writeStringField("topic", ref.topic());
            g.writeNumberField("partition", ref.partition());
            g.writeNumberField("offset", ref.offset());
        }
        g.writeFieldName("cohort");
        provider.defaultSerializeValue(history.cohort(), g);
        g.writeFieldName("payload");
        if (ref == null) {
            g.writeNull();
        } else {
            payloads.write(ref.topic(), history.payload(), g);
        }
        g.writeArrayFieldStart("outcomes");
        for (Processing p : latestPerVersion(history)) {
            g.writeStartObject();
            g.writeStringField("component", p.component());
            g.writeStringField("version", p.version());
            string(g, "replayId", p.replayId());
            g.writeStringField("mode", mode(p));
            g.writeStringField("status", p.status().label());
            g.writeNumberField("durationMicros", p.duration().toNanos() / 1000);
            string(g, "error", p.error());
            string(g, "processedAt", p.processedAt() == null ? null : p.processedAt().toString());
            string(g, "instanceId", p.instanceId());
            g.writeFieldName("outputs");
            provider.defaultSerializeValue(p.outputs(), g);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("deadLettered", !history.dlq().isEmpty());
        g.writeEndObject();
    }

    /** The detail view: event, every processing, every output, every DLQ entry. */
    public ObjectNode detail(EventHistory history) {
        ObjectNode node = mapper.createObjectNode();
        node.set("event", event(history));
        ArrayNode processings = node.putArray("processings");
        ArrayNode outputs = node.putArray("outputs");
        for (Processing p : history.processings()) {
            processings.add(processing(p));
            for (OutputLocation o : p.outputs()) {
                ObjectNode out = mapper.valueToTree(o);
                out.put("component", p.component()).put("version", p.version()).put("replayId", p.replayId());
                outputs.add(out);
            }
        }
        ArrayNode dlq = node.putArray("dlq");
        for (DlqRecord d : history.dlq()) {
            dlq.add(mapper.<JsonNode>valueToTree(d));
        }
        return node;
    }

    private ObjectNode event(EventHistory history) {
        ObjectNode node = mapper.createObjectNode();
        EventRef ref = history.ref();
        if (ref != null) {
            node.put("eventId", ref.eventId()).put("type", ref.type()).put("timestamp", ref.timestamp().toString())
                    .put("topic", ref.topic()).put("partition", ref.partition()).put("offset", ref.offset());
        }
        node.set("cohort", mapper.valueToTree(history.cohort()));
        node.set("payload", ref == null ? null : payloads.toJson(ref.topic(), history.payload()));
        return node;
    }

    private ObjectNode processing(Processing p) {
        ObjectNode node = mapper.createObjectNode();
        node.put("component", p.component()).put("version", p.version()).put("replayId", p.replayId())
                .put("mode", mode(p)).put("status", p.status().label())
                .put("durationMicros", p.duration().toNanos() / 1000).put("error", p.error())
                .put("processedAt", p.processedAt() == null ? null : p.processedAt().toString())
                .put("instanceId", p.instanceId());
        node.set("outputs", mapper.valueToTree(p.outputs()));
        return node;
    }

    private static String mode(Processing p) {
        return p.replayed() ? "replay" : "live";
    }

    /** The latest processing of each component version, in the order each version first appears. */
    private static Collection<Processing> latestPerVersion(EventHistory history) {
        Map<String, Processing> latest = new LinkedHashMap<>();
        for (Processing p : history.processings()) {
            latest.put(p.component() + "/" + p.version(), p);
        }
        return latest.values();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    /**
     * A value that writes itself to the generator of whichever mapper serializes it (so with that
     * mapper's settings, e.g. the API's indentation). It is never polymorphic: no type id is written.
     */
    private abstract static class Streamed implements JsonSerializable {

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            serialize(g, provider);
        }
    }
}

package dev.rewind.replaytool.history.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.replaytool.history.DlqRecord;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventRef;
import dev.rewind.replaytool.history.OutputLocation;
import dev.rewind.replaytool.history.Processing;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders histories as the API's JSON: the event with its decoded payload, processings, outputs, DLQ. */
public final class EventJson {

    private final ObjectMapper mapper;
    private final PayloadDecoder payloads;

    public EventJson(ObjectMapper mapper, PayloadDecoder payloads) {
        this.mapper = mapper;
        this.payloads = payloads;
    }

    /** A list entry: the event and, per component version, its latest processing. */
    public ObjectNode summary(EventHistory history) {
        ObjectNode node = event(history);
        Map<String, Processing> latest = new LinkedHashMap<>();
        for (Processing p : history.processings()) {
            latest.put(p.component() + "/" + p.version(), p);
        }
        ArrayNode outcomes = node.putArray("outcomes");
        latest.values().forEach(p -> outcomes.add(processing(p)));
        node.put("deadLettered", !history.dlq().isEmpty());
        return node;
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
                .put("mode", p.replayed() ? "replay" : "live").put("status", p.status().label())
                .put("durationMicros", p.duration().toNanos() / 1000).put("error", p.error())
                .put("processedAt", p.processedAt() == null ? null : p.processedAt().toString())
                .put("instanceId", p.instanceId());
        node.set("outputs", mapper.valueToTree(p.outputs()));
        return node;
    }
}

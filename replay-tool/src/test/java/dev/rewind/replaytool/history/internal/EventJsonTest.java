package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.replaytool.history.CohortKey;
import dev.rewind.replaytool.history.DlqRecord;
import dev.rewind.replaytool.history.EventCohort;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.EventPage;
import dev.rewind.replaytool.history.EventQuery;
import dev.rewind.replaytool.history.EventRef;
import dev.rewind.replaytool.history.OutputLocation;
import dev.rewind.replaytool.history.PageCursor;
import dev.rewind.replaytool.history.Processing;
import dev.rewind.replaytool.history.ProcessingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The listing written straight to the response is, byte for byte, the body the tree-building code it
 * replaced rendered with the API's mapper (issue 12): the console and API clients read it.
 */
class EventJsonTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00.123Z");

    private final ObjectMapper api = dev.rewind.api.Json.mapper();
    private final FakeWireFormat wire = new FakeWireFormat();
    private final PayloadDecoder payloads = new PayloadDecoder(wire.registry());
    private final EventJson json = new EventJson(api, payloads);

    @Test
    void writesAListingExactlyAsTheTreeItReplaced() throws JsonProcessingException {
        EventQuery query = new EventQuery(CohortKey.parse("customer:acme"), T.minusSeconds(900), T, null, null, null,
                50, null);
        EventPage page = new EventPage(histories(), new PageCursor(T.toEpochMilli(), 2));
        assertThat(api.writeValueAsString(json.list(query, page))).isEqualTo(api.writeValueAsString(legacy(query, page)));
    }

    @Test
    void writesTheLastAndAnEmptyPageExactlyAsTheTreeItReplaced() throws JsonProcessingException {
        EventQuery query = new EventQuery(CohortKey.parse("project:p-1"), T.minusSeconds(60), T, "CommitPushed", "v2",
                ProcessingStatus.OK, 1000, new PageCursor(5, 1));
        for (EventPage page : List.of(new EventPage(histories().subList(0, 1), null), new EventPage(List.of(), null))) {
            assertThat(api.writeValueAsString(json.list(query, page)))
                    .isEqualTo(api.writeValueAsString(legacy(query, page)));
        }
    }

    private List<EventHistory> histories() {
        byte[] commit = wire.encode(Records.commit("e-1", Records.cohort("acme", "team", "p-1")));
        EventRef ref = new EventRef("commits", 3, 12_345_678_901L, "e-1", "dev.rewind.demo.release.CommitPushed", T);
        Processing live = new Processing("release-coordinator", "v1", null, ProcessingStatus.OK,
                Duration.ofNanos(1_234_567), List.of(new OutputLocation("releases", 0, 7L, "p-1"),
                new OutputLocation("releases", null, null, null)), null, T.plusMillis(5), "i-1");
        Processing failed = new Processing("release-coordinator", "v2", null, ProcessingStatus.ERROR,
                Duration.ofMillis(3), List.of(), "boom: \"quoted\" ☃", null, null);
        Processing replayed = new Processing("release-coordinator", "v2", "r-7", ProcessingStatus.SKIPPED_DUP,
                Duration.ZERO, null, null, T.plusSeconds(60), "i-2");
        Processing other = new Processing("auditor", "v1", null, ProcessingStatus.OK, Duration.ofMillis(1), null,
                null, T, "i-3");
        DlqRecord dead = new DlqRecord("rewind.dlq.release-coordinator", 0, 4, "release-coordinator", "v2",
                "processing failed", "java.lang.IllegalStateException", T.plusMillis(9));
        EventCohort partial = new EventCohort("acme", null, "p-1");
        return List.of(
                new EventHistory(ref, new EventCohort("acme", "team", "p-1"), commit,
                        List.of(live, failed, replayed, other), List.of(dead)),
                new EventHistory(new EventRef("commits", 0, 0, "e-2", null, T.minusMillis(1)), partial, commit,
                        List.of(), List.of()),
                new EventHistory(new EventRef("commits", 1, 1, "e-3", "x", T), partial, null, List.of(live), null),
                new EventHistory(new EventRef("commits", 1, 2, "e-4", "x", T), EventCohort.NONE,
                        PayloadDecoder.OMITTED, null, null),
                new EventHistory(new EventRef("commits", 1, 3, "e-5", "x", T), partial, new byte[] {0, 0, 0, 0, 42, 1},
                        null, null),
                new EventHistory(null, partial, null, List.of(failed), List.of(dead)));
    }

    // ---- the listing as main rendered it before issue 12's change (HistoryHandlers.list, EventJson.summary) ----

    private ObjectNode legacy(EventQuery query, EventPage page) {
        ObjectNode body = api.createObjectNode();
        body.put("cohort", query.cohort().toString()).put("from", query.from().toString())
                .put("to", query.to().toString()).put("limit", query.limit());
        ArrayNode events = body.putArray("events");
        page.events().forEach(h -> events.add(legacySummary(h)));
        body.put("nextCursor", page.next() == null ? null : page.next().encode());
        return body;
    }

    private ObjectNode legacySummary(EventHistory history) {
        ObjectNode node = api.createObjectNode();
        EventRef ref = history.ref();
        if (ref != null) {
            node.put("eventId", ref.eventId()).put("type", ref.type()).put("timestamp", ref.timestamp().toString())
                    .put("topic", ref.topic()).put("partition", ref.partition()).put("offset", ref.offset());
        }
        node.set("cohort", api.valueToTree(history.cohort()));
        node.set("payload", ref == null ? null : TextPath.payload(wire.registry(), ref.topic(), history.payload()));
        Map<String, Processing> latest = new LinkedHashMap<>();
        for (Processing p : history.processings()) {
            latest.put(p.component() + "/" + p.version(), p);
        }
        ArrayNode outcomes = node.putArray("outcomes");
        for (Processing p : latest.values()) {
            ObjectNode o = api.createObjectNode();
            o.put("component", p.component()).put("version", p.version()).put("replayId", p.replayId())
                    .put("mode", p.replayed() ? "replay" : "live").put("status", p.status().label())
                    .put("durationMicros", p.duration().toNanos() / 1000).put("error", p.error())
                    .put("processedAt", p.processedAt() == null ? null : p.processedAt().toString())
                    .put("instanceId", p.instanceId());
            o.set("outputs", api.valueToTree(p.outputs()));
            outcomes.add(o);
        }
        node.put("deadLettered", !history.dlq().isEmpty());
        return node;
    }
}

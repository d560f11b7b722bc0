package dev.rewind.replaytool.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.replaytool.history.internal.EventJson;
import dev.rewind.replaytool.history.internal.Forwarder;
import dev.rewind.replaytool.history.internal.GroupInspector;
import dev.rewind.replaytool.history.internal.TimeParam;
import dev.rewind.api.problems.ProblemException;
import dev.rewind.api.problems.ProblemType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The history resources: {@code GET /api/v1/events} (a cohort's events), {@code GET
 * /api/v1/events/{eventId}} (one event's story), {@code POST /api/v1/events} (ingest) and {@code GET
 * /api/v1/components/{component}/versions} (per-version instances, lag, throughput, error rate,
 * p99). A query for a key another instance holds is forwarded to it. Errors are problem+json.
 */
public final class HistoryHandlers {

    /** Instance-to-instance path of one event's raw history. */
    public static final String INTERNAL_EVENTS = "/api/v1/internal/history/events/";

    /** The window of {@code GET /api/v1/events} when {@code from} is not given. */
    public static final java.time.Duration DEFAULT_SPAN = java.time.Duration.ofHours(1);

    private final HistoryIndex index;
    private final EventIngestor ingestor;
    private final GroupInspector groups;
    private final ObjectMapper mapper;
    private final EventJson json;
    private final Forwarder forwarder = new Forwarder();
    private final java.util.function.Function<String, Map<String, java.util.List<RoutedCohort>>> routedCohorts;

    /**
     * A cohort selector routed to a version, directly or through a channel.
     *
     * @param selector      {@code customer:acme}, {@code plan:gold}, {@code project:p1} or {@code default}
     * @param via           the channel it goes through, or null when it names the version
     * @param effectiveFrom when the route takes (or took) effect
     */
    public record RoutedCohort(String selector, String via, Instant effectiveFrom) {
    }

    /**
     * @param index    the history index
     * @param ingestor the ingestor of {@code POST /api/v1/events}
     * @param admin    admin client for group membership and lag (not closed here)
     * @param mapper   the service's JSON mapper
     */
    public HistoryHandlers(HistoryIndex index, EventIngestor ingestor, org.apache.kafka.clients.admin.Admin admin,
                           ObjectMapper mapper) {
        this(index, ingestor, admin, mapper, component -> Map.of());
    }

    /**
     * @param routedCohorts per component, the selectors routed to each version (version to routes)
     */
    public HistoryHandlers(HistoryIndex index, EventIngestor ingestor, org.apache.kafka.clients.admin.Admin admin,
                           ObjectMapper mapper,
                           java.util.function.Function<String, Map<String, java.util.List<RoutedCohort>>> routedCohorts) {
        this.routedCohorts = routedCohorts;
        this.index = index;
        this.ingestor = ingestor;
        this.groups = new GroupInspector(admin);
        this.mapper = mapper;
        this.json = new EventJson(mapper, index.payloads());
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.get("/api/v1/events", guarded(this::list));
        app.post("/api/v1/events", guarded(this::ingest));
        app.get("/api/v1/events/{eventId}", guarded(this::detail));
        app.get("/api/v1/components/{component}/versions", guarded(this::versions));
        app.get(INTERNAL_EVENTS + "{eventId}", guarded(this::raw));
    }

    /** An index that starts or rebalances answers 503, so clients know to retry. */
    private static io.javalin.http.Handler guarded(io.javalin.http.Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (IndexUnavailableException e) {
                throw ProblemType.UNAVAILABLE.exception(e.getMessage());
            }
        };
    }

    private void list(Context ctx) throws IOException, InterruptedException {
        EventQuery query = HistoryParams.query(ctx, index.now());
        EventPage page;
        try {
            String auth = ctx.header("Authorization");
            page = index.events(query, (owner, id) -> forwarder.history(owner, INTERNAL_EVENTS + id, auth)
                    .orElse(null));
        } catch (KeyElsewhereException e) {
            forwardOrFail(ctx, e);
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("cohort", query.cohort().toString()).put("from", query.from().toString())
                .put("to", query.to().toString()).put("limit", query.limit());
        ArrayNode events = body.putArray("events");
        page.events().forEach(h -> events.add(json.summary(h)));
        body.put("nextCursor", page.next() == null ? null : page.next().encode());
        ctx.json(body);
    }

    private void detail(Context ctx) throws IOException, InterruptedException {
        String eventId = ctx.pathParam("eventId");
        try {
            EventHistory history = index.event(eventId).orElseThrow(() -> unknownEvent(eventId));
            ctx.json(json.detail(history));
        } catch (KeyElsewhereException e) {
            forwardOrFail(ctx, e);
        }
    }

    private void raw(Context ctx) throws IOException, InterruptedException {
        String eventId = ctx.pathParam("eventId");
        try {
            ctx.json(index.event(eventId).orElseThrow(() -> unknownEvent(eventId)));
        } catch (KeyElsewhereException e) {
            forwardOrFail(ctx, e);
        }
    }

    private void ingest(Context ctx) throws IOException {
        JsonNode body;
        try {
            body = mapper.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemType.BAD_REQUEST.exception("the body is not JSON (" + e.getOriginalMessage()
                    + "); send the event as a JSON object");
        }
        try {
            IngestResult result = ingestor.ingest(ctx.queryParam("topic"), ctx.queryParam("subject"),
                    ctx.queryParam("key"), body);
            ctx.status(202).header("Location", "/api/v1/events/" + result.eventId()).json(result);
        } catch (EventIngestor.RejectedException e) {
            throw ProblemType.INVALID_VALUE.exception(e.getMessage(),
                    e.field() == null ? Map.of() : Map.of("field", e.field()));
        }
    }

    private void versions(Context ctx) throws IOException, InterruptedException {
        String component = ctx.pathParam("component");
        StatsWindow window = HistoryParams.window(ctx);
        CohortDimension by = HistoryParams.by(ctx);
        java.util.List<VersionStats> stats;
        try {
            stats = index.versionStats(component, window, by);
        } catch (KeyElsewhereException e) {
            forwardOrFail(ctx, e);
            return;
        }
        Map<String, VersionStats> byVersion = new TreeMap<>();
        stats.forEach(s -> byVersion.put(s.version(), s));
        Set<String> versions = new TreeSet<>(byVersion.keySet());
        versions.addAll(groups.versions(component));
        Map<String, java.util.List<RoutedCohort>> routed = routedCohorts.apply(component);
        versions.addAll(routed.keySet());
        if (versions.isEmpty()) {
            throw ProblemType.UNKNOWN_COMPONENT.exception("no consumer group " + component + ".<version> and no "
                    + "outcome of component " + component + " in the last " + window.label() + "; check the name");
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("component", component).put("window", window.label()).put("by", by == null ? null : by.label());
        ArrayNode list = body.putArray("versions");
        for (String version : versions) {
            ObjectNode node = versionNode(component, version, byVersion.get(version));
            node.set("routedCohorts", mapper.valueToTree(routed.getOrDefault(version, java.util.List.of())));
            list.add(node);
        }
        ctx.json(body);
    }

    private ObjectNode versionNode(String component, String version, VersionStats stats) {
        ObjectNode node = mapper.createObjectNode();
        node.put("version", version).put("group", component + "." + version)
                .put("instances", groups.instances(component, version));
        var lag = groups.lag(component, version);
        node.set("lag", mapper.valueToTree(lag));
        node.put("totalLag", lag.stream().mapToLong(l -> l.lag()).sum());
        OutcomeSummary total = stats == null ? new OutcomeSummary(0, 0, 0, 0, java.time.Duration.ZERO) : stats.total();
        summary(node, total);
        ObjectNode slices = node.putObject("byCohort");
        if (stats != null) {
            stats.byCohort().forEach((slice, s) -> summary(slices.putObject(slice), s));
        }
        return node;
    }

    private static void summary(ObjectNode node, OutcomeSummary s) {
        node.put("outcomes", s.outcomes()).put("errors", s.errors()).put("errorRate", s.errorRate())
                .put("throughputPerSecond", s.throughputPerSecond()).put("p99Millis", s.p99().toNanos() / 1e6);
    }

    private void forwardOrFail(Context ctx, KeyElsewhereException e) throws IOException, InterruptedException {
        if (Forwarder.forwarded(ctx)) {
            throw ProblemType.UNAVAILABLE.exception("the history index is rebalancing (the key moved while the "
                    + "request was forwarded); retry in a few seconds");
        }
        forwarder.forward(ctx, e.owner());
    }

    private static ProblemException unknownEvent(String eventId) {
        return ProblemType.NOT_FOUND.exception("no event with id " + eventId + " in the history index; it may "
                + "be older than the index's retention or not yet indexed (a second or so after it was written)");
    }
}

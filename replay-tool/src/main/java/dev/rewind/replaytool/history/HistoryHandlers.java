package dev.rewind.replaytool.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.events.IngestResult;
import dev.rewind.api.events.OutcomeStats;
import dev.rewind.api.events.PartitionLag;
import dev.rewind.api.events.PausedPartitionView;
import dev.rewind.api.events.RoutedCohort;
import dev.rewind.api.events.VersionStatsList;
import dev.rewind.api.events.VersionStatsView;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.replaytool.components.ComponentCatalog;
import dev.rewind.replaytool.history.internal.CohortSlice;
import dev.rewind.replaytool.history.internal.EventJson;
import dev.rewind.replaytool.history.internal.Forwarder;
import dev.rewind.replaytool.history.internal.Peers;
import dev.rewind.replaytool.history.internal.TimeParam;
import dev.rewind.api.problems.ProblemException;
import dev.rewind.api.problems.ProblemType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.apache.kafka.streams.state.HostInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

    /** Instance-to-instance path of one event's raw processings and dead letters (the event id's owner answers). */
    public static final String INTERNAL_EVENTS = "/api/v1/internal/history/events/";

    /** Instance-to-instance path of one event's record, answered from the asked instance's own partitions. */
    public static final String INTERNAL_RECORDS = "/api/v1/internal/history/records/";

    /**
     * Instance-to-instance path of the asked instance's slice of a cohort's entries, with {@code cohort},
     * {@code from} and {@code upper} (epoch ms, inclusive) and {@code max}.
     */
    public static final String INTERNAL_SLICES = "/api/v1/internal/history/slices";

    /** The window of {@code GET /api/v1/events} when {@code from} is not given. */
    public static final java.time.Duration DEFAULT_SPAN = java.time.Duration.ofHours(1);

    private final HistoryIndex index;
    private final EventIngestor ingestor;
    private final ComponentCatalog groups;
    private final ObjectMapper mapper;
    private final EventJson json;
    private final Forwarder forwarder = new Forwarder();
    private final java.util.function.Function<String, Map<String, java.util.List<RoutedCohort>>> routedCohorts;
    private final java.util.function.Function<ComponentVersion, java.util.List<PausedPartitionView>> pausedPartitions;

    /**
     * @param index    the history index
     * @param ingestor the ingestor of {@code POST /api/v1/events}
     * @param admin    admin client for group membership and lag (not closed here)
     * @param mapper   the service's JSON mapper
     */
    public HistoryHandlers(HistoryIndex index, EventIngestor ingestor, org.apache.kafka.clients.admin.Admin admin,
                           ObjectMapper mapper) {
        this(index, ingestor, new ComponentCatalog(admin, component -> Set.of()), mapper, component -> Map.of(),
                version -> java.util.List.of());
    }

    /**
     * @param catalog          the consumer groups of component versions: instances and lag
     * @param routedCohorts    per component, the selectors routed to each version (version to routes)
     * @param pausedPartitions per version, the source partitions its instances report paused
     */
    public HistoryHandlers(HistoryIndex index, EventIngestor ingestor, ComponentCatalog catalog,
                           ObjectMapper mapper,
                           java.util.function.Function<String, Map<String, java.util.List<RoutedCohort>>> routedCohorts,
                           java.util.function.Function<ComponentVersion, java.util.List<PausedPartitionView>>
                                   pausedPartitions) {
        this.routedCohorts = routedCohorts;
        this.pausedPartitions = pausedPartitions;
        this.index = index;
        this.ingestor = ingestor;
        this.groups = catalog;
        this.mapper = mapper;
        this.json = new EventJson(mapper, index.payloads());
    }

    /** The index these handlers answer from (its statistics also feed rollout guards). */
    public HistoryIndex index() {
        return index;
    }

    /**
     * One event's history wherever the index holds it: from this instance's stores, or fetched from
     * the instance that holds it with the caller's {@code Authorization} header; empty if unknown.
     */
    public java.util.Optional<EventHistory> history(String eventId, String authorization)
            throws IOException, InterruptedException {
        try {
            return index.event(eventId);
        } catch (KeyElsewhereException e) {
            return forwarder.history(e.owner(), INTERNAL_EVENTS + eventId, authorization);
        }
    }

    /** Adds the routes to the app. */
    public void register(Javalin app) {
        app.get("/api/v1/events", guarded(this::list));
        app.post("/api/v1/events", guarded(this::ingest));
        app.get("/api/v1/events/{eventId}", guarded(this::detail));
        app.get("/api/v1/components/{component}/versions", guarded(this::versions));
        app.get(INTERNAL_EVENTS + "{eventId}", guarded(this::raw));
        app.get(INTERNAL_RECORDS + "{eventId}", guarded(this::record));
        app.get(INTERNAL_SLICES, guarded(this::slice));
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
            page = index.events(query, peers(ctx));
        } catch (KeyElsewhereException e) {
            forwardOrFail(ctx, e);
            return;
        }
        // written straight to the response, no tree (issue 12: the listing's garbage set the query's tail)
        ctx.json(json.list(query, page));
    }

    private void detail(Context ctx) throws IOException, InterruptedException {
        String eventId = ctx.pathParam("eventId");
        try {
            EventHistory history = index.event(eventId, peers(ctx)).orElseThrow(() -> unknownEvent(eventId));
            ctx.json(json.detail(history));
        } catch (KeyElsewhereException e) {
            forwardOrFail(ctx, e);
        }
    }

    private void raw(Context ctx) throws IOException, InterruptedException {
        String eventId = ctx.pathParam("eventId");
        try {
            ctx.json(index.processed(eventId).orElseThrow(() -> unknownEvent(eventId)));
        } catch (KeyElsewhereException e) {
            forwardOrFail(ctx, e);
        }
    }

    private void record(Context ctx) {
        String eventId = ctx.pathParam("eventId");
        ctx.json(index.localRecord(eventId).orElseThrow(() -> unknownEvent(eventId)));
    }

    private void slice(Context ctx) {
        try {
            ctx.json(index.localSlice(CohortKey.parse(ctx.queryParam("cohort")).toString(),
                    Long.parseLong(ctx.queryParam("from")), Long.parseLong(ctx.queryParam("upper")),
                    Integer.parseInt(ctx.queryParam("max"))));
        } catch (IllegalArgumentException e) {
            // only instances call this path, with numbers they wrote: say which parameter was wrong
            throw ProblemType.BAD_REQUEST.exception("cohort, from, upper (epoch ms) and max (a count) are required: "
                    + e.getMessage());
        }
    }

    /** The other instances, asked with the caller's credentials. */
    private Peers peers(Context ctx) {
        String auth = ctx.header("Authorization");
        return new Peers() {
            @Override
            public Optional<EventHistory> history(HostInfo owner, String eventId) {
                return forwarder.history(owner, INTERNAL_EVENTS + encode(eventId), auth);
            }

            @Override
            public CohortSlice slice(HostInfo peer, String key, long from, long upper, int max) {
                return forwarder.fetch(peer, INTERNAL_SLICES + "?cohort=" + encode(key) + "&from=" + from + "&upper="
                        + upper + "&max=" + max, auth, CohortSlice.class).orElse(CohortSlice.EMPTY);
            }

            @Override
            public Optional<EventHistory> record(HostInfo peer, String eventId) {
                return forwarder.fetch(peer, INTERNAL_RECORDS + encode(eventId), auth, EventHistory.class);
            }
        };
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
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
        long unroutable = 0;
        for (VersionStats s : stats) {
            if (s.version().equals(VersionStats.NO_VERSION)) {
                unroutable = s.total().outcomes();
            } else {
                byVersion.put(s.version(), s);
            }
        }
        Set<String> versions = new TreeSet<>(byVersion.keySet());
        versions.addAll(groups.groupVersions(component));
        Map<String, java.util.List<RoutedCohort>> routed = routedCohorts.apply(component);
        versions.addAll(routed.keySet());
        if (versions.isEmpty() && unroutable == 0) {
            throw ProblemType.UNKNOWN_COMPONENT.exception("no consumer group " + component + ".<version> and no "
                    + "outcome of component " + component + " in the last " + window.label() + "; check the name");
        }
        java.util.List<VersionStatsView> views = new java.util.ArrayList<>();
        for (String version : versions) {
            views.add(versionView(new ComponentVersion(component, version), byVersion.get(version),
                    routed.getOrDefault(version, java.util.List.of())));
        }
        ctx.json(new VersionStatsList(component, window.label(), by == null ? null : by.label(), views, unroutable));
    }

    private VersionStatsView versionView(ComponentVersion version, VersionStats stats, java.util.List<RoutedCohort> routed) {
        java.util.List<PartitionLag> lag = groups.lag(version);
        OutcomeStats total = stats(stats == null ? new OutcomeSummary(0, 0, 0, 0, java.time.Duration.ZERO) : stats.total());
        Map<String, OutcomeStats> slices = new java.util.LinkedHashMap<>();
        if (stats != null) {
            stats.byCohort().forEach((slice, s) -> slices.put(slice, stats(s)));
        }
        return new VersionStatsView(version.version(), version.groupId(), groups.members(version), lag,
                lag.stream().mapToLong(PartitionLag::lag).sum(), total.outcomes(), total.errors(), total.errorRate(),
                total.throughputPerSecond(), total.p99Millis(), slices, routed, pausedPartitions.apply(version));
    }

    private static OutcomeStats stats(OutcomeSummary s) {
        return new OutcomeStats(s.outcomes(), s.errors(), s.errorRate(), s.throughputPerSecond(),
                s.p99().toNanos() / 1e6);
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

package dev.rewind.replaytool.dlq;

import dev.rewind.api.dlq.DeadLetterDetail;
import dev.rewind.api.dlq.DeadLetterList;
import dev.rewind.api.dlq.DeadLetterView;
import dev.rewind.api.dlq.RedriveRequest;
import dev.rewind.api.dlq.RedriveView;
import dev.rewind.api.events.CohortView;
import dev.rewind.api.replays.ReplayStatus;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.control.EventSelection;
import dev.rewind.protocol.control.ReplayWindow;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.components.ComponentCatalog;
import dev.rewind.replaytool.history.EventHistory;
import dev.rewind.replaytool.history.Processing;
import dev.rewind.replaytool.history.ProcessingStatus;
import dev.rewind.replaytool.replay.ReplayService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * Dead-letter inspection and redrive of one component: lists and reads {@code rewind.dlq.<component>}
 * and redrives a selection of its entries through a chosen version on the replay protocol
 * ({@link ReplayService#startRedrive}), skipping every event whose latest outcome for the component
 * is already ok (a replay or an earlier redrive fixed it).
 */
public final class DlqService {

    /** Largest page of a listing. */
    public static final int MAX_LIMIT = 1000;
    /** Page size of a listing when none is given. */
    public static final int DEFAULT_LIMIT = 100;

    private final DeadLetterScan scan;
    private final ComponentCatalog catalog;
    private final ReplayService replays;
    private final EventHistories histories;

    /** Looks up what the history index knows about an event (another instance's share included). */
    @FunctionalInterface
    public interface EventHistories {
        /**
         * The event's history, empty when the index does not know it.
         *
         * @throws Rejection when no history index runs in this service
         */
        Optional<EventHistory> find(String eventId, String authorization) throws Exception;
    }

    /**
     * @param clientConfig the service's Kafka client settings
     * @param registryConfig the schema registry client settings (URL, credentials) of the DLQ and event values
     * @param histories the history index's lookup of one event, or null when the service runs none
     */
    public DlqService(java.util.Map<String, Object> clientConfig, java.util.Map<String, Object> registryConfig,
            ComponentCatalog catalog, ReplayService replays, EventHistories histories) {
        this.scan = new DeadLetterScan(clientConfig, registryConfig);
        this.catalog = catalog;
        this.replays = replays;
        this.histories = histories;
    }

    /** One page of the entries matching {@code filter}, after {@code cursor} (null: from the start). */
    public DeadLetterList list(String component, DlqFilter filter, String cursor, int limit) {
        name(component);
        DlqCursor after = cursor == null ? null : parse(cursor, "cursor");
        List<DeadLetter> page = scan.scan(DlqTopics.of(component), component, filter, after, limit + 1);
        String next = page.size() > limit ? page.get(limit - 1).id() : null;
        List<DeadLetterView> views = page.stream().limit(limit).map(DlqService::view).toList();
        return new DeadLetterList(component, views, next);
    }

    /** One entry with the original record. */
    public DeadLetterDetail show(String component, String id) {
        name(component);
        DlqCursor at = parse(id, "id");
        List<DeadLetter> found = scan.scan(DlqTopics.of(component), component,
                e -> e.partition() == at.partition() && e.offset() == at.offset(),
                new DlqCursor(at.partition(), at.offset() - 1), 1);
        DeadLetter entry = found.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(() ->
                Rejection.unknown(Rejection.Unknown.Thing.DEAD_LETTER, "Component '" + component
                        + "' has no dead-letter entry '" + id + "' on " + DlqTopics.of(component)
                        + "; list them with GET /api/v1/components/" + component + "/dlq."));
        Base64.Encoder b64 = Base64.getEncoder();
        return new DeadLetterDetail(view(entry), entry.key() == null ? null : b64.encodeToString(entry.key()),
                entry.value() == null ? null : b64.encodeToString(entry.value()),
                entry.headers().stream().map(h -> new DeadLetterDetail.Header(h.key(),
                        h.value() == null ? null : b64.encodeToString(h.value()))).toList());
    }

    /**
     * Selects entries and starts their redrive through {@code request.version()}.
     *
     * @param authorization the caller's Authorization header, for history lookups on other instances
     */
    public RedriveView redrive(String component, RedriveRequest request, Caller caller, String authorization) {
        name(component);
        if (request == null || request.version() == null) {
            throw Rejection.malformed("Give 'version': the version to redrive through, e.g. {\"version\": \"v2\","
                    + " \"failedVersion\": \"v1\", \"reason\": \"v2 fixes the enterprise failures\"}.");
        }
        ComponentVersion target = version(component, request.version());
        if (request.reason() == null || request.reason().isBlank()) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "Give a 'reason': it is recorded in the audit log"
                    + " so others know why these dead letters were redriven.");
        }
        if (request.maxEventsPerSecond() != null && !(request.maxEventsPerSecond() > 0)) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'maxEventsPerSecond' must be positive, was "
                    + request.maxEventsPerSecond() + "; leave it out for no limit.");
        }
        if (histories == null) {
            throw Rejection.unavailable("A redrive skips events a replay already fixed, which needs the history"
                    + " index; start the service with the history index enabled.");
        }
        List<DeadLetter> matched = select(component, request);
        if (matched.isEmpty()) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "No dead-letter entry of '" + component
                    + "' matches the selection; list them with GET /api/v1/components/" + component + "/dlq.");
        }
        Set<TopicPartition> consumed = catalog.sourcePartitions(target);
        List<EventSelection.SourceOffset> chosen = new ArrayList<>();
        Set<String> seenEvents = new HashSet<>();
        int alreadyOk = 0;
        int notRedrivable = 0;
        for (DeadLetter entry : matched) {
            if (!consumed.contains(new TopicPartition(entry.sourceTopic(), entry.sourcePartition()))) {
                notRedrivable++;
            } else if (entry.eventId() != null && latestOk(component, entry.eventId(), authorization)) {
                alreadyOk++;
            } else if (entry.eventId() == null || seenEvents.add(entry.eventId())) {
                chosen.add(new EventSelection.SourceOffset(entry.sourceTopic(), entry.sourcePartition(),
                        entry.sourceOffset()));
            }
        }
        if (chosen.isEmpty()) {
            throw Rejection.conflict(Rejection.Conflict.Reason.NOTHING_TO_REDRIVE, "Nothing to redrive: of "
                    + matched.size() + " matching entries, " + alreadyOk + " are events whose latest outcome is"
                    + " already ok and " + notRedrivable + " come from topics " + target.groupId()
                    + " does not consume.", java.util.Map.of("alreadyOk", alreadyOk, "notRedrivable", notRedrivable));
        }
        EventSelection events = select(chosen);
        requireReached(target, events);
        Instant from = matched.stream().map(DeadLetter::eventTime).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = matched.stream().map(DeadLetter::eventTime).max(Comparator.naturalOrder()).orElseThrow()
                .plusMillis(1);
        ReplayStatus status = replays.startRedrive(target, events, new ReplayWindow(from, to),
                Boolean.TRUE.equals(request.dryRun()), request.maxEventsPerSecond() == null ? OptionalDouble.empty()
                        : OptionalDouble.of(request.maxEventsPerSecond()), request.reason().strip(), caller);
        return new RedriveView(status.id(), component, target.version(), matched.size(), events.size(), alreadyOk,
                notRedrivable, status);
    }

    private List<DeadLetter> select(String component, RedriveRequest request) {
        DlqFilter filter = DlqFilter.of(request.failedVersion(), request.dlqReason(), request.cohort(), request.from(),
                request.to());
        Predicate<DeadLetter> picked = filter;
        if (request.entries() != null) {
            Set<String> ids = new HashSet<>();
            request.entries().forEach(id -> ids.add(parse(id, "entries[]").partition() + "-"
                    + parse(id, "entries[]").offset()));
            picked = filter.and(e -> ids.contains(e.id()));
        }
        // a redrive selects at most MAX_EVENTS records: more matching entries than that is refused
        // before they are all held in memory
        List<DeadLetter> matched = scan.scan(DlqTopics.of(component), component, picked, null,
                EventSelection.MAX_EVENTS + 1);
        if (matched.size() > EventSelection.MAX_EVENTS) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "More than " + EventSelection.MAX_EVENTS
                    + " dead-letter entries of '" + component + "' match; narrow the selection with 'from' and 'to',"
                    + " 'cohort', 'failedVersion' or 'dlqReason', and redrive in several steps.");
        }
        return matched;
    }

    private static EventSelection select(List<EventSelection.SourceOffset> chosen) {
        try {
            return EventSelection.of(chosen);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage() + ".");
        }
    }

    /** Whether the event's latest outcome for the component (live, replay or redrive) is ok. */
    private boolean latestOk(String component, String eventId, String authorization) {
        Optional<EventHistory> history;
        try {
            history = histories.find(eventId, authorization);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw Rejection.unavailable("Could not read the history of event " + eventId + " ("
                    + e.getMessage() + "); retry in a few seconds.");
        }
        return history.flatMap(h -> h.processings().stream().filter(p -> p.component().equals(component))
                .filter(p -> p.processedAt() != null).max(Comparator.comparing(Processing::processedAt)))
                .filter(p -> p.status() == ProcessingStatus.OK).isPresent();
    }

    /** 409 when the version has not consumed past a selected record yet: it would meet it live and skip it. */
    private void requireReached(ComponentVersion target, EventSelection events) {
        java.util.Map<TopicPartition, Long> committed = new java.util.HashMap<>();
        catalog.lag(target).forEach(l -> committed.put(new TopicPartition(l.topic(), l.partition()), l.committed()));
        events.offsets().forEach((partition, offsets) -> {
            long last = offsets.get(offsets.size() - 1);
            long at = committed.getOrDefault(partition, -1L);
            if (at <= last) {
                throw Rejection.conflict(Rejection.Conflict.Reason.VERSION_BEHIND, target.groupId()
                        + " has not consumed " + partition + " past offset " + last + " yet (committed " + at
                        + "); redrive once it has caught up, so that it does not meet the record live.",
                        java.util.Map.of("partition", partition.toString(), "committed", at, "needed", last + 1));
            }
        });
    }

    private static DeadLetterView view(DeadLetter e) {
        CohortView cohort = e.cohort() == null ? null : new CohortView(e.cohort().customer().orElse(null),
                e.cohort().plan().orElse(null), e.cohort().project().orElse(null));
        return new DeadLetterView(e.id(), e.component(), e.version(), e.reason(), e.errorClass(), e.eventId(), cohort,
                e.sourceTopic(), e.sourcePartition(), e.sourceOffset(), e.eventTime(), e.failedAt());
    }

    private static DlqCursor parse(String text, String what) {
        try {
            return DlqCursor.parse(text, what);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage() + ".");
        }
    }

    private static void name(String component) {
        version(component, "v");
    }

    private static ComponentVersion version(String component, String version) {
        try {
            return new ComponentVersion(component, version);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage());
        }
    }

    static CohortSelector selector(String text) {
        try {
            return CohortSelector.parse(text);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'cohort': " + e.getMessage());
        }
    }
}

package dev.rewind.replaytool.shadow;

import dev.rewind.api.shadows.ShadowComparison;
import dev.rewind.api.shadows.ShadowRunList;
import dev.rewind.api.shadows.ShadowRunReport;
import dev.rewind.api.shadows.ShadowRunState;
import dev.rewind.api.shadows.ShadowRunView;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.replaytool.Rejection;
import dev.rewind.replaytool.access.Caller;
import dev.rewind.replaytool.audit.AuditLog;
import dev.rewind.replaytool.audit.AuditRecord;
import dev.rewind.schemas.avro.AuditAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow runs the service knows, in memory only: a run is its runner's latest report (the runner, {@code
 * rewind shadow start}, runs the build on the developer's machine and sends one every second), so nothing of
 * it is kept in Kafka except the one {@link AuditAction#SHADOW_RUN} entry written when it ends: stopped or
 * failed (its runner's final report) or expired (no report for {@link #LEASE}). A service restart forgets
 * running runs; their next report registers them again. Ended runs stay listed for {@link #KEEP_ENDED}.
 *
 * <p>Thread-safe. Exactly one audit entry per run: the transition to an end state happens once, under the lock.
 */
public final class ShadowRuns implements AutoCloseable {

    /** A run that has not reported for this long expires. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How long an ended run stays listed. */
    public static final Duration KEEP_ENDED = Duration.ofHours(1);
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_TEXT = 4096;
    private static final Logger LOGGER = LoggerFactory.getLogger(ShadowRuns.class);

    private final AuditLog audit;
    private final Clock clock;
    private final Duration lease;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final ScheduledExecutorService sweeper;

    private static final class Run {
        ShadowRunView view;
        Caller startedBy;
        boolean ending;

        Run(ShadowRunView view, Caller startedBy) {
            this.view = view;
            this.startedBy = startedBy;
        }
    }

    /** Runs kept for the audit log; expiry checked every few seconds on a thread of its own. */
    public ShadowRuns(AuditLog audit, Clock clock, Duration lease) {
        this.audit = audit;
        this.clock = clock;
        this.lease = lease;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rewind-shadow-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A runner's report: registers the run on its first report, updates it on the next, ends it (and writes
     * its audit entry) when its state is terminal.
     *
     * @return the run as the service now knows it, telling the runner whether to stop
     * @throws Rejection malformed or invalid reports, a run that already ended (409), an audit log that
     *     cannot be written (503; the run stays running, so the same report may be sent again)
     */
    public ShadowRunView report(String id, ShadowRunReport report, Caller caller) {
        validate(id, report);
        Run run;
        ShadowRunView ended;
        synchronized (runs) {
            run = runs.get(id);
            if (run != null && (run.view.state().isTerminal() || run.ending)) {
                throw finished(run.view);
            }
            if (run != null && !(run.view.component().equals(report.component())
                    && run.view.version().equals(report.version()) && run.view.cohort().equals(report.cohort()))) {
                throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "Shadow run " + id + " runs "
                        + run.view.component() + " " + run.view.version() + " on " + run.view.cohort()
                        + "; a run's component, version and cohort cannot change. Start a new run (a new id).");
            }
            if (run == null) {
                run = new Run(null, caller);
                runs.put(id, run);
            }
            run.view = view(id, report, run, null);
            if (!report.state().isTerminal()) {
                return run.view;
            }
            run.ending = true;
            ended = run.view;
        }
        return end(run, ended, caller);
    }

    /** Asks a running run to stop: its runner reads it from the answer to its next report. */
    public ShadowRunView requestStop(String id, Caller caller) {
        synchronized (runs) {
            Run run = known(id);
            if (run.view.state().isTerminal()) {
                throw finished(run.view);
            }
            ShadowRunView v = run.view;
            run.view = new ShadowRunView(v.id(), v.component(), v.version(), v.cohort(), v.from(), v.startedAt(),
                    v.stateFrom(), v.state(), v.host(), v.reason(), v.message(), v.comparison(), v.startedBy(),
                    v.reportedAt(), true, caller.name(), v.auditEntryId());
            return run.view;
        }
    }

    /** One run. */
    public ShadowRunView get(String id) {
        synchronized (runs) {
            return known(id).view;
        }
    }

    /** The runs, newest first, optionally of one component and in one state. */
    public ShadowRunList list(String component, ShadowRunState state) {
        synchronized (runs) {
            return new ShadowRunList(runs.values().stream().map(r -> r.view)
                    .filter(v -> component == null || component.equals(v.component()))
                    .filter(v -> state == null || state == v.state())
                    .sorted(Comparator.comparing(ShadowRunView::startedAt).reversed())
                    .toList());
        }
    }

    /** Expires runs that stopped reporting and forgets those that ended long ago. */
    void sweep() {
        Instant now = clock.instant();
        List<Run> expired;
        synchronized (runs) {
            runs.values().removeIf(r -> r.view.state().isTerminal()
                    && r.view.reportedAt().plus(KEEP_ENDED).isBefore(now));
            expired = runs.values().stream()
                    .filter(r -> !r.view.state().isTerminal() && !r.ending
                            && r.view.reportedAt().plus(lease).isBefore(now))
                    .toList();
            expired.forEach(r -> r.ending = true);
        }
        for (Run run : expired) {
            ShadowRunView v = run.view;
            ShadowRunView ended = new ShadowRunView(v.id(), v.component(), v.version(), v.cohort(), v.from(),
                    v.startedAt(), v.stateFrom(), ShadowRunState.EXPIRED, v.host(), v.reason(),
                    "no report since " + v.reportedAt() + " (" + lease.toSeconds() + " s lease): the runner was"
                            + " stopped or cut off from the service", v.comparison(), v.startedBy(), v.reportedAt(),
                    v.stopRequested(), v.stopRequestedBy(), null);
            end(run, ended, run.startedBy);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOGGER.atWarn().setCause(e).log("Expiring shadow runs failed; retrying");
        }
    }

    private ShadowRunView end(Run run, ShadowRunView ended, Caller caller) {
        AuditRecord entry;
        try {
            entry = audit.record(null, caller, AuditAction.SHADOW_RUN, ended.component(), ended.id(),
                    ended.reason() == null || ended.reason().isBlank() ? "shadow run" : ended.reason(), details(ended));
        } catch (RuntimeException e) {
            synchronized (runs) {
                run.ending = false; // the runner (or the sweeper) tries again
            }
            throw e;
        }
        synchronized (runs) {
            ShadowRunView v = ended;
            run.view = new ShadowRunView(v.id(), v.component(), v.version(), v.cohort(), v.from(), v.startedAt(),
                    v.stateFrom(), v.state(), v.host(), v.reason(), v.message(), v.comparison(), v.startedBy(),
                    v.reportedAt(), v.stopRequested(), v.stopRequestedBy(), entry.id());
            run.ending = false;
            LOGGER.atInfo().addKeyValue("component", v.component()).addKeyValue("version", v.version())
                    .addKeyValue("cohort", v.cohort()).addKeyValue("shadowRunId", v.id())
                    .addKeyValue("state", v.state().label()).log("Shadow run ended");
            return run.view;
        }
    }

    private static Map<String, String> details(ShadowRunView v) {
        ShadowComparison c = v.comparison();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("version", v.version());
        details.put("cohort", v.cohort());
        details.put("state", v.state().label());
        details.put("from", v.from().toString());
        details.put("startedAt", v.startedAt().toString());
        details.put("endedAt", v.reportedAt().toString());
        details.put("startedBy", v.startedBy());
        put(details, "stateFrom", v.stateFrom());
        put(details, "host", v.host());
        put(details, "stopRequestedBy", v.stopRequestedBy());
        put(details, "message", v.message());
        details.put("events", Long.toString(c.events()));
        details.put("compared", Long.toString(c.compared()));
        details.put("same", Long.toString(c.same()));
        details.put("changed", Long.toString(c.changed()));
        details.put("new", Long.toString(c.added()));
        details.put("missing", Long.toString(c.missing()));
        details.put("unmatched", Long.toString(c.unmatched()));
        details.put("shadowErrors", Long.toString(c.shadowErrors()));
        details.put("ownerErrors", Long.toString(c.ownerErrors()));
        return details;
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    private ShadowRunView view(String id, ShadowRunReport r, Run run, String auditEntryId) {
        ShadowRunView before = run.view;
        return new ShadowRunView(id, r.component(), r.version(), r.cohort(), r.from(), r.startedAt(), r.stateFrom(),
                r.state(), r.host(), r.reason(), r.message(), r.comparison(), run.startedBy.name(), clock.instant(),
                before != null && before.stopRequested(), before == null ? null : before.stopRequestedBy(),
                auditEntryId);
    }

    private static void validate(String id, ShadowRunReport report) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "A shadow run's id must be a UUID such as "
                    + UUID.nameUUIDFromBytes(new byte[0]) + ", was '" + id + "'.");
        }
        try {
            new ComponentVersion(report.component(), report.version());
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, e.getMessage());
        }
        try {
            CohortSelector.parse(report.cohort());
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'cohort': " + e.getMessage());
        }
        if (report.state() == ShadowRunState.EXPIRED) {
            throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'state': a runner reports running, stopped or"
                    + " failed; expired is the service's to decide.");
        }
        for (String text : new String[] {report.host(), report.reason(), report.message(), report.stateFrom()}) {
            if (text != null && text.length() > MAX_TEXT) {
                throw Rejection.invalid(Rejection.Invalid.Rule.VALUE, "'host', 'reason', 'message' and 'stateFrom'"
                        + " hold at most " + MAX_TEXT + " characters.");
            }
        }
    }

    private Run known(String id) {
        Run run = runs.get(id);
        if (run == null) {
            throw Rejection.unknown(Rejection.Unknown.Thing.SHADOW_RUN, "No shadow run " + id + " is known: it never"
                    + " reported, or ended over " + KEEP_ENDED.toHours() + " h ago (its audit entry stays:"
                    + " GET /api/v1/audit). List the known ones with GET /api/v1/shadows.");
        }
        return run;
    }

    private static Rejection finished(ShadowRunView v) {
        return Rejection.conflict(Rejection.Conflict.Reason.SHADOW_RUN_FINISHED, "Shadow run " + v.id() + " already"
                + " ended (" + v.state().label() + "); start a new one with rewind shadow start.");
    }

    /** Stops the expiry thread; running runs are forgotten without an audit entry (their runners re-register). */
    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}

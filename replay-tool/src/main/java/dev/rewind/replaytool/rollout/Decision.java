package dev.rewind.replaytool.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * One step or decision of a rollout, kept in its record for good and audited.
 *
 * @param at when
 * @param kind what: {@code started}, {@code advanced}, {@code held}, {@code tripped}, {@code replay-started},
 *     {@code replay-waiting}, {@code rolled-back}, {@code completed}, {@code paused}, {@code resumed},
 *     {@code aborted}
 * @param step the step it concerns
 * @param detail why, in a sentence
 * @param version the new version's sample when the guard decided ({@link Sample#NONE} otherwise)
 * @param baseline the baseline's sample compared with
 * @param author a caller's name, or {@value #GUARD} for the guard's own decisions
 * @param routeChangeId the route change published, or null
 * @param replayId the replay started, or null
 */
public record Decision(Instant at, String kind, int step, String detail, Sample version, Sample baseline,
        String author, String routeChangeId, String replayId) {

    /** The author of the guard's own decisions. */
    public static final String GUARD = "rewind";

    /** Validates. */
    public Decision {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(author, "author");
    }

    /** A decision without figures. */
    public static Decision of(Instant at, String kind, int step, String detail, String author) {
        return new Decision(at, kind, step, detail, Sample.NONE, Sample.NONE, author, null, null);
    }

    /** A decision of the guard with its figures. */
    public static Decision ofVerdict(Instant at, String kind, int step, GuardVerdict verdict, String detail) {
        return new Decision(at, kind, step, detail, verdict.version(), verdict.baseline(), GUARD, null, null);
    }

    /** A copy naming the route change it published. */
    public Decision withRouteChange(String changeId) {
        return new Decision(at, kind, step, detail, version, baseline, author, changeId, replayId);
    }

    /** A copy naming the replay it started. */
    public Decision withReplay(String id) {
        return new Decision(at, kind, step, detail, version, baseline, author, routeChangeId, id);
    }
}

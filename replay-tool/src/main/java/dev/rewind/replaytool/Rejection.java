package dev.rewind.replaytool;

import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.protocol.topics.RewindTopics;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.acl.AclOperation;

/**
 * Why the service refuses or cannot do what was asked, in its own terms: thrown by services and
 * Kafka adapters, mapped to {@code application/problem+json} in one place at the HTTP edge
 * ({@code http/Rejections}). The message is a sentence for the caller: what is wrong, the value,
 * and what to do.
 *
 * <p>The kinds: {@link Malformed} (the request is not well-formed), {@link Invalid} (well-formed but
 * breaks a rule), {@link Unknown} (names something that does not exist), {@link Conflict} (the
 * current state does not allow it) and {@link Unavailable} (a dependency did not answer; retrying
 * may help).
 */
public abstract sealed class Rejection extends RuntimeException
        permits Rejection.Malformed, Rejection.Invalid, Rejection.Unknown, Rejection.Conflict, Rejection.Unavailable {

    private final transient Map<String, Object> facts;

    private Rejection(String message, Map<String, Object> facts, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.facts = Map.copyOf(facts);
    }

    /** Values the caller may act on, by name (e.g. {@code earliestAvailable}); may be empty. */
    public Map<String, Object> facts() {
        return facts;
    }

    /** A required part is missing or cannot be parsed. */
    public static Malformed malformed(String message) {
        return new Malformed(message);
    }

    /** Breaks {@code rule}. */
    public static Invalid invalid(Invalid.Rule rule, String message) {
        return new Invalid(rule, message, Map.of());
    }

    /** Breaks {@code rule}, with facts the caller may act on. */
    public static Invalid invalid(Invalid.Rule rule, String message, Map<String, Object> facts) {
        return new Invalid(rule, message, facts);
    }

    /** Names a {@code thing} that does not exist. */
    public static Unknown unknown(Unknown.Thing thing, String message) {
        return new Unknown(thing, message, Map.of());
    }

    /** Names a {@code thing} that does not exist, with facts (e.g. the known ones). */
    public static Unknown unknown(Unknown.Thing thing, String message, Map<String, Object> facts) {
        return new Unknown(thing, message, facts);
    }

    /** Not possible in the current state. */
    public static Conflict conflict(Conflict.Reason reason, String message) {
        return new Conflict(reason, message, Map.of());
    }

    /** Not possible in the current state, with facts the caller may act on. */
    public static Conflict conflict(Conflict.Reason reason, String message, Map<String, Object> facts) {
        return new Conflict(reason, message, facts);
    }

    /** A dependency (Kafka) did not answer in time. */
    public static Unavailable unavailable(String message) {
        return new Unavailable(message, null);
    }

    /**
     * A dependency (Kafka) did not answer in time or failed. When Kafka denied the service (an authorization or
     * authentication failure among the causes), the message is {@link KafkaAccessDenied}'s instead, naming the
     * operation and the resource to grant: retrying will not help until the ACL is added.
     */
    public static Unavailable unavailable(String message, Throwable cause) {
        Optional<Throwable> denial = cause == null ? Optional.empty() : KafkaAccessDenied.find(cause);
        if (denial.isPresent()) {
            KafkaAccessDenied denied = KafkaAccessDenied.of(denial.get(), KAFKA_ACCESS);
            return new Unavailable(denied.getMessage(), denied);
        }
        return new Unavailable(message, cause);
    }

    /**
     * What the service's own Kafka clients do, for {@link KafkaAccessDenied} to name the operation Kafka denied:
     * READ on the dead-letter topics, WRITE on every other topic (rewind's logs, the source topics of
     * {@code POST /api/v1/events}), DESCRIBE on the version groups, WRITE on the rollouts' transactional id. The
     * logs it follows report a denied READ themselves.
     */
    public static final KafkaAccessDenied.Request KAFKA_ACCESS = new KafkaAccessDenied.Request("the replay service",
            topic -> topic.startsWith(RewindTopics.DLQ_PREFIX) ? AclOperation.READ : AclOperation.WRITE, List.of(),
            null, AclOperation.DESCRIBE, RewindTopics.ROLLOUTS_TRANSACTIONAL_ID, AclOperation.CREATE);

    /** The request is not well-formed: a required part is missing or cannot be parsed. */
    public static final class Malformed extends Rejection {
        private Malformed(String message) {
            super(message, Map.of(), null);
        }
    }

    /** Well-formed, but a value breaks a rule. */
    public static final class Invalid extends Rejection {

        /** The rule broken. */
        public enum Rule {
            /** A value is not acceptable (a name, a selector, a rate, a missing reason). */
            VALUE,
            /** A replay window's {@code from} is not before its {@code to}. */
            EMPTY_WINDOW,
            /** A replay window ends after now. */
            WINDOW_IN_FUTURE,
            /** A replay window is longer than the service allows. */
            WINDOW_TOO_LONG,
            /** A replay window starts before the earliest event retention kept. */
            WINDOW_BEFORE_RETENTION,
            /** A route change would take effect before now plus the route margin (invariant 1). */
            ROUTE_TOO_EARLY
        }

        private final Rule rule;

        private Invalid(Rule rule, String message, Map<String, Object> facts) {
            super(message, facts, null);
            this.rule = Objects.requireNonNull(rule, "rule");
        }

        /** The rule broken. */
        public Rule rule() {
            return rule;
        }
    }

    /** Names something that does not exist. */
    public static final class Unknown extends Rejection {

        /** What was not found. */
        public enum Thing {
            /** No consumer group or route names the component. */
            COMPONENT,
            /** The component has no such version. */
            VERSION,
            /** No replay with the id. */
            REPLAY,
            /** The component has no route for the selector. */
            ROUTE,
            /** The component has no such channel. */
            CHANNEL,
            /** The component's dead-letter topic has no such entry. */
            DEAD_LETTER,
            /** No shadow run with the id is known. */
            SHADOW_RUN,
            /** No rollout with the id. */
            ROLLOUT
        }

        private final Thing thing;

        private Unknown(Thing thing, String message, Map<String, Object> facts) {
            super(message, facts, null);
            this.thing = Objects.requireNonNull(thing, "thing");
        }

        /** What was not found. */
        public Thing thing() {
            return thing;
        }
    }

    /** The current state does not allow it. */
    public static final class Conflict extends Rejection {

        /** Which state stands in the way. */
        public enum Reason {
            /** The version's consumer group has no members to do the work. */
            NO_RUNNING_INSTANCE,
            /** A replay of the same version on an overlapping cohort has not finished. */
            OVERLAPPING_REPLAY,
            /** The replay already finished. */
            REPLAY_FINISHED,
            /** Every selected dead letter is already fixed or comes from a topic the version does not consume. */
            NOTHING_TO_REDRIVE,
            /** The version has not consumed past a record to redrive: it would meet it live. */
            VERSION_BEHIND,
            /** The shadow run already ended. */
            SHADOW_RUN_FINISHED,
            /** An unfinished rollout of the component moves an overlapping cohort. */
            OVERLAPPING_ROLLOUT,
            /** The rollout's phase does not allow the action. */
            ROLLOUT_STATE,
            /** The service runs without the history index a rollout's guard reads. */
            HISTORY_OFF
        }

        private final Reason reason;

        private Conflict(Reason reason, String message, Map<String, Object> facts) {
            super(message, facts, null);
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        /** Which state stands in the way. */
        public Reason reason() {
            return reason;
        }
    }

    /** A dependency did not answer in time or failed; the same request may succeed later. */
    public static final class Unavailable extends Rejection {
        private Unavailable(String message, Throwable cause) {
            super(message, Map.of(), cause);
        }
    }
}

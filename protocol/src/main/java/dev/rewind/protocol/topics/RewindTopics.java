package dev.rewind.protocol.topics;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;

/**
 * rewind's own topics (DESIGN.md, "Topics"; protocol/REPLAY-PROTOCOL.md): every name and definition in one place.
 * Apply them with {@link TopicAdmin#ensure}; nothing else in rewind creates a topic.
 *
 * <ul>
 *   <li>{@value #ROUTES}: route history; one partition, compacted; every change has its own key, so
 *       compaction only removes republished copies and never history ownership decisions need.</li>
 *   <li>{@value #CONTROL}: replay commands, per-partition plans, progress and dry-run reports; one
 *       partition, compacted; finished replays are tombstoned by the service after its retention, so the
 *       topic and every engine's index of it stay bounded.</li>
 *   <li>{@value #AUDIT}: who changed what through the service; one partition, compacted with unique
 *       keys (kept as long as the topic is), read by the service only.</li>
 *   <li>{@value #ROLLOUTS}: guarded rollouts (definition, current step and every decision), one record per
 *       rollout id holding its whole state; one partition, compacted, so the latest state of every rollout
 *       survives and a restarted service resumes each where it was. Written by one transactional producer
 *       ({@value #ROLLOUTS_TRANSACTIONAL_ID}) so that only one service instance drives rollouts at a time.</li>
 *   <li>{@value #OUTCOMES}: one outcome per processing, as many partitions as the largest source topic.</li>
 *   <li>{@code rewind.dlq.<component>}: dead letters of one component; one partition.</li>
 *   <li>{@code <component>.<version>.state-changelog}: a version's entity state, compacted, co-partitioned
 *       with the sources.</li>
 *   <li>{@code <component>.<version>.dedupe-changelog}: a version's seen event ids, compacted and
 *       deleted after twice the dedupe window (at least a day).</li>
 *   <li>{@value #SCHEMAS}: the schema registry's store; one partition, compacted.</li>
 * </ul>
 */
public final class RewindTopics {

    /** The route history. */
    public static final String ROUTES = "rewind.routes";
    /** The replay protocol's topic. */
    public static final String CONTROL = "rewind.control";
    /** The service's audit log. */
    public static final String AUDIT = "rewind.audit";
    /** Guarded rollouts: their definitions, steps and decisions. */
    public static final String ROLLOUTS = "rewind.rollouts";
    /**
     * The transactional id every replay service writes {@value #ROLLOUTS} with: a second instance's
     * {@code initTransactions} fences the first, so one instance at a time drives rollouts.
     */
    public static final String ROLLOUTS_TRANSACTIONAL_ID = "rewind-service-rollouts";
    /** Outcomes of every processing. */
    public static final String OUTCOMES = "rewind.outcomes";
    /** Prefix of the dead-letter topics, followed by the component name. */
    public static final String DLQ_PREFIX = "rewind.dlq.";
    /** The schema registry's store, as Confluent names it. */
    public static final String SCHEMAS = "_schemas";
    /** Suffix of a version's state changelog after its group id. */
    public static final String STATE_CHANGELOG_SUFFIX = ".state-changelog";
    /** Suffix of a version's dedupe changelog after its group id. */
    public static final String DEDUPE_CHANGELOG_SUFFIX = ".dedupe-changelog";

    private static final Pattern GROUP_ID = Pattern.compile("[a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9-]*");
    private static final Duration MIN_DEDUPE_RETENTION = Duration.ofDays(1);

    private RewindTopics() {
    }

    /** {@value #ROUTES}: one partition, compacted. */
    public static TopicDefinition routes() {
        return routes(ROUTES);
    }

    /** The route history under another name (tests, several stacks on one cluster). */
    public static TopicDefinition routes(String name) {
        return TopicDefinition.compactedLog(name);
    }

    /** {@value #CONTROL}: one partition, compacted. */
    public static TopicDefinition control() {
        return control(CONTROL);
    }

    /** The control topic under another name. */
    public static TopicDefinition control(String name) {
        return TopicDefinition.compactedLog(name);
    }

    /** {@value #AUDIT}: one partition, compacted, keyed by unique entry ids. */
    public static TopicDefinition audit() {
        return audit(AUDIT);
    }

    /** The audit log under another name. */
    public static TopicDefinition audit(String name) {
        return TopicDefinition.compactedLog(name);
    }

    /** {@value #ROLLOUTS}: one partition, compacted, keyed by rollout id. */
    public static TopicDefinition rollouts() {
        return rollouts(ROLLOUTS);
    }

    /** The rollout log under another name. */
    public static TopicDefinition rollouts(String name) {
        return TopicDefinition.compactedLog(name);
    }

    /** {@value #SCHEMAS} or the registry's configured topic: one partition, compacted. */
    public static TopicDefinition schemas(String name) {
        return TopicDefinition.compactedLog(name);
    }

    /** {@value #OUTCOMES} with {@code partitions} partitions (the largest source topic's count). */
    public static TopicDefinition outcomes(int partitions) {
        return new TopicDefinition(OUTCOMES, partitions, Map.of(), false);
    }

    /** The name of a component's dead-letter topic, {@code rewind.dlq.<component>}. */
    public static String dlqName(String component) {
        return DLQ_PREFIX + component;
    }

    /** A component's dead-letter topic: one partition. */
    public static TopicDefinition dlq(String component) {
        return new TopicDefinition(dlqName(component), 1, Map.of(), false);
    }

    /** {@code <groupId>.state-changelog}, for a version's group id {@code <component>.<version>}. */
    public static String stateChangelogName(String groupId) {
        return requireGroupId(groupId) + STATE_CHANGELOG_SUFFIX;
    }

    /** A version's state changelog: compacted, {@code partitions} as its source topics. */
    public static TopicDefinition stateChangelog(String groupId, int partitions) {
        return new TopicDefinition(stateChangelogName(groupId), partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), false);
    }

    /** {@code <groupId>.dedupe-changelog}. */
    public static String dedupeChangelogName(String groupId) {
        return requireGroupId(groupId) + DEDUPE_CHANGELOG_SUFFIX;
    }

    /**
     * A version's dedupe changelog: compacted and deleted after {@code max(2 * dedupeWindow, 1 day)},
     * since older entries are never consulted.
     */
    public static TopicDefinition dedupeChangelog(String groupId, int partitions, Duration dedupeWindow) {
        Duration retention = dedupeWindow.multipliedBy(2);
        if (retention.compareTo(MIN_DEDUPE_RETENTION) < 0) {
            retention = MIN_DEDUPE_RETENTION;
        }
        return new TopicDefinition(dedupeChangelogName(groupId), partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                                + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())), false);
    }

    private static String requireGroupId(String groupId) {
        if (groupId == null || !GROUP_ID.matcher(groupId).matches()) {
            throw new IllegalArgumentException("Invalid version group id '" + groupId
                    + "': expected <component>.<version>, e.g. release-coordinator.v2");
        }
        return groupId;
    }
}

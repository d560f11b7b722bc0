package dev.rewind.clients.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The minimal Kafka ACLs each rewind process needs, as {@link AclBinding}s to create with
 * {@code Admin#createAcls} and as {@code kafka-acls.sh} command lines (README, "Production
 * cluster"). {@code READ} and {@code WRITE} imply {@code DESCRIBE} (Kafka's authorizer), so
 * {@code DESCRIBE} is never listed on its own.
 *
 * <p>{@code CREATE} on rewind's own topics is listed because each process ensures the topics it
 * uses exist and Kafka authorizes a create request before it looks whether the topic exists.
 */
public final class RewindAcls {

    /** Route history topic. */
    public static final String ROUTES_TOPIC = "rewind.routes";
    /** Replay commands, plans and progress. */
    public static final String CONTROL_TOPIC = "rewind.control";
    /** One outcome per processing. */
    public static final String OUTCOMES_TOPIC = "rewind.outcomes";
    /** Dead-letter topics, {@code rewind.dlq.<component>}. */
    public static final String DLQ_PREFIX = "rewind.dlq.";
    /** The replay service's audit log. */
    public static final String AUDIT_TOPIC = "rewind.audit";
    /** The replay service's guarded rollouts. */
    public static final String ROLLOUTS_TOPIC = "rewind.rollouts";
    /** The one transactional id every replay service writes {@value #ROLLOUTS_TOPIC} with (single writer). */
    public static final String ROLLOUTS_TRANSACTIONAL_ID = "rewind-service-rollouts";
    /** The history index's default Kafka Streams application id (its group, internal topics, transactional ids). */
    public static final String HISTORY_APPLICATION_ID = "rewind-history";
    /** The schema registry's store. */
    public static final String SCHEMAS_TOPIC = "_schemas";

    private RewindAcls() {
    }

    /**
     * What one version instance ({@code <component>.<version>}) needs: read its sources, write its
     * outputs, outcomes and dead letters, its consumer group, its transactional ids and changelogs
     * (prefix {@code <component>.<version>.}), follow the route and control topics and write replay
     * plans and progress to the control topic.
     */
    public static List<AclBinding> versionInstance(String principal, String component, String version,
            List<String> sourceTopics, List<String> outputTopics) {
        String group = component + "." + version;
        Builder acls = new Builder(principal);
        sourceTopics.forEach(topic -> acls.topic(topic, AclOperation.READ));
        outputTopics.forEach(topic -> acls.topic(topic, AclOperation.WRITE));
        acls.topic(OUTCOMES_TOPIC, AclOperation.WRITE, AclOperation.CREATE);
        acls.topic(DLQ_PREFIX + component, AclOperation.WRITE, AclOperation.CREATE);
        acls.topicPrefix(group + ".", AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE);
        // Write: ownership-time fixes of far-future records (EventTimeRule)
        acls.topic(ROUTES_TOPIC, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE);
        acls.topic(CONTROL_TOPIC, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE);
        acls.add(new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), AclOperation.READ);
        acls.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, group + ".", PatternType.PREFIXED),
                AclOperation.WRITE);
        return acls.build();
    }

    /**
     * What the schema registry needs: its store topic and the one transactional id every registry
     * instance writes it with ({@code rewind-schema-registry-<topic>}).
     */
    public static List<AclBinding> registry(String principal) {
        Builder acls = new Builder(principal);
        acls.topic(SCHEMAS_TOPIC, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE);
        acls.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "rewind-schema-registry-" + SCHEMAS_TOPIC,
                PatternType.LITERAL), AclOperation.WRITE);
        return acls.build();
    }

    /**
     * What the replay service needs (its REST API, without the history index, which has its own
     * principal): create, follow and write {@code rewind.control}, {@code rewind.routes},
     * {@code rewind.audit} and {@code rewind.rollouts}, the last with its one transactional id
     * {@value #ROLLOUTS_TRANSACTIONAL_ID} (single writer); describe every consumer group (versions are the groups
     * {@code <component>.<version>}, their members and lag); read the dead-letter topics
     * ({@code GET /api/v1/components/{c}/dlq}); write the source topics
     * ({@code POST /api/v1/events}; WRITE implies the DESCRIBE that reading their end offsets for the
     * lag needs).
     */
    public static List<AclBinding> replayService(String principal, List<String> sourceTopics) {
        Builder acls = new Builder(principal);
        for (String topic : List.of(CONTROL_TOPIC, ROUTES_TOPIC, AUDIT_TOPIC, ROLLOUTS_TOPIC)) {
            acls.topic(topic, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE);
        }
        acls.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, ROLLOUTS_TRANSACTIONAL_ID, PatternType.LITERAL),
                AclOperation.WRITE);
        acls.add(new ResourcePattern(ResourceType.GROUP, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL),
                AclOperation.DESCRIBE);
        acls.topicPrefix(DLQ_PREFIX, AclOperation.READ);
        sourceTopics.forEach(topic -> acls.topic(topic, AclOperation.WRITE));
        return acls.build();
    }

    /**
     * What the history index (a Kafka Streams application with exactly-once processing) needs: read
     * the source topics, {@code rewind.outcomes} and the dead-letter topics; its group
     * {@code <applicationId>}; its internal topics (changelogs, repartition topics, prefix
     * {@code <applicationId>-}), which Streams creates, checks the configuration of and may delete;
     * its transactional ids ({@code <applicationId>-<process>-<thread>}).
     */
    public static List<AclBinding> historyIndex(String principal, String applicationId, List<String> sourceTopics) {
        Builder acls = new Builder(principal);
        sourceTopics.forEach(topic -> acls.topic(topic, AclOperation.READ));
        acls.topic(OUTCOMES_TOPIC, AclOperation.READ);
        acls.topicPrefix(DLQ_PREFIX, AclOperation.READ);
        acls.add(new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL), AclOperation.READ);
        acls.topicPrefix(applicationId + "-", AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
                AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS);
        acls.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED),
                AclOperation.WRITE);
        return acls.build();
    }

    /** The {@code kafka-acls.sh --add} command line that creates {@code binding}. */
    public static String kafkaAclsCommand(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        StringBuilder line = new StringBuilder("kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config")
                .append(" \"$ADMIN_CONFIG\" --add --allow-principal \"").append(binding.entry().principal())
                .append("\" --operation ").append(camel(binding.entry().operation().name()));
        switch (pattern.resourceType()) {
            case TOPIC -> line.append(" --topic \"").append(pattern.name()).append('"');
            case GROUP -> line.append(" --group \"").append(pattern.name()).append('"');
            case TRANSACTIONAL_ID -> line.append(" --transactional-id \"").append(pattern.name()).append('"');
            case CLUSTER -> line.append(" --cluster");
            default -> throw new IllegalArgumentException("no kafka-acls.sh option for " + pattern.resourceType());
        }
        if (pattern.patternType() == PatternType.PREFIXED) {
            line.append(" --resource-pattern-type prefixed");
        }
        return line.toString();
    }

    /**
     * The text of {@code docs/acls/rewind-acls.sh}: the {@code kafka-acls.sh} commands for one version
     * instance and the registry, the names read from environment variables.
     */
    public static String script() {
        StringBuilder text = new StringBuilder("""
                #!/usr/bin/env bash
                # The minimal ACLs of rewind's processes (generated from dev.rewind.clients.acl.RewindAcls;
                # RewindAclsTest fails when this file and the code disagree).
                # Usage: BOOTSTRAP=kafka:9093 ADMIN_CONFIG=admin.properties \\
                #   ENGINE_PRINCIPAL=User:rewind-release-coordinator COMPONENT=release-coordinator VERSION=v2 \\
                #   SOURCE_TOPIC=release.events OUTPUT_TOPIC=release.decisions \\
                #   REGISTRY_PRINCIPAL=User:rewind-registry SERVICE_PRINCIPAL=User:rewind-replay-service \
                #   HISTORY_PRINCIPAL=User:rewind-history ./rewind-acls.sh
                set -euo pipefail
                : "${BOOTSTRAP:?}" "${ADMIN_CONFIG:?}" "${ENGINE_PRINCIPAL:?}" "${COMPONENT:?}" "${VERSION:?}"
                : "${SOURCE_TOPIC:?}" "${OUTPUT_TOPIC:?}" "${REGISTRY_PRINCIPAL:?}" "${SERVICE_PRINCIPAL:?}"
                : "${HISTORY_PRINCIPAL:?}"

                # a version instance: group <component>.<version>
                """);
        versionInstance("User:X", "${COMPONENT}", "${VERSION}", List.of("${SOURCE_TOPIC}"), List.of("${OUTPUT_TOPIC}"))
                .forEach(b -> text.append(kafkaAclsCommand(b).replace("\"User:X\"", "\"${ENGINE_PRINCIPAL}\""))
                        .append('\n'));
        text.append("\n# the schema registry\n");
        registry("User:X").forEach(b -> text.append(kafkaAclsCommand(b)
                .replace("\"User:X\"", "\"${REGISTRY_PRINCIPAL}\"")).append('\n'));
        text.append("\n# the replay service (REST API)\n");
        replayService("User:X", List.of("${SOURCE_TOPIC}")).forEach(b -> text.append(kafkaAclsCommand(b)
                .replace("\"User:X\"", "\"${SERVICE_PRINCIPAL}\"")).append('\n'));
        text.append("\n# the history index (history.application.id=" + HISTORY_APPLICATION_ID + ")\n");
        historyIndex("User:X", HISTORY_APPLICATION_ID, List.of("${SOURCE_TOPIC}")).forEach(b -> text.append(
                kafkaAclsCommand(b).replace("\"User:X\"", "\"${HISTORY_PRINCIPAL}\"")).append('\n'));
        return text.toString();
    }

    private static String camel(String operation) {
        StringBuilder out = new StringBuilder();
        for (String part : operation.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    /** Collects ALLOW bindings for one principal from any host. */
    static final class Builder {
        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Builder(String principal) {
            this.principal = Objects.requireNonNull(principal, "principal");
            if (!principal.startsWith("User:")) {
                throw new IllegalArgumentException("principal '" + principal
                        + "' must be written as Kafka writes it, e.g. User:rewind-engine");
            }
        }

        Builder topic(String name, AclOperation... operations) {
            return add(new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL), operations);
        }

        Builder topicPrefix(String prefix, AclOperation... operations) {
            return add(new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED), operations);
        }

        Builder add(ResourcePattern pattern, AclOperation... operations) {
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, "*", operation,
                        AclPermissionType.ALLOW)));
            }
            return this;
        }

        List<AclBinding> build() {
            return List.copyOf(bindings);
        }
    }
}

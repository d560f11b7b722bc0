package dev.rewind.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.clients.acl.RewindAcls;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.registry.SchemaRegistryMain;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.replaytool.ServeCommand;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.control.ControlTopic;
import dev.rewind.replaytool.history.HistoryConfig;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The schema registry and the replay service of each overlay against their real command lines: the
 * args parse with their picocli commands, every {@code REWIND_*} variable is one they read, every
 * history and Kafka setting is a key they accept; their KafkaUsers grant what they use and no more.
 */
class ServicesTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;
    /** The KafkaUser of the history index, which runs in the replay service's pods as a principal of its own. */
    static final String HISTORY_USER = "rewind-history";
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theRegistrysArgsParseAndItsKafkaSettingsAreClientSettings(String overlay) {
        JsonNode container = registry(Rendered.of(overlay));
        List<String> args = Rendered.args(container, Rendered.environment(container, "schema-registry-abc"));

        ParseResult parsed = new CommandLine(new SchemaRegistryMain()).parseArgs(args.toArray(String[]::new));

        Map<String, String> kafka = parsed.matchedOptionValue("--kafka-property", Map.of());
        assertThat(kafka.keySet()).allSatisfy(key -> assertThat(clientSettings()).as(key).contains(key));
        assertThat(topicOf(parsed)).isEqualTo(SchemaRegistryServer.Options.DEFAULT_TOPIC);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theRegistrysStoreTopicIsCompactedAndItsUserGrantsExactlyTheStore(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        JsonNode container = registry(rendered);
        ParseResult parsed = new CommandLine(new SchemaRegistryMain()).parseArgs(
                Rendered.args(container, Rendered.environment(container, "p")).toArray(String[]::new));
        String topic = topicOf(parsed);

        assertThat(rendered.kafkaTopics()).containsKey(topic);
        assertThat(rendered.kafkaTopics().get(topic).path("config").path("cleanup.policy").asText()).isEqualTo("compact");
        Set<Acls.Need> needs = new LinkedHashSet<>();
        for (String operation : List.of("Create", "Describe", "Read", "Write")) {
            needs.add(new Acls.Need("topic", topic, operation));
        }
        // KafkaSchemaLog: one transactional id per store topic, "rewind-schema-registry-<topic>"
        needs.add(new Acls.Need("transactionalId", "rewind-schema-registry-" + topic, "Write"));
        needs.add(new Acls.Need("transactionalId", "rewind-schema-registry-" + topic, "Describe"));
        assertExactly(rendered, "schema-registry", needs);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theReplayServicesArgsVariablesAndHistorySettingsAreOnesItAccepts(String overlay) {
        JsonNode container = replayService(Rendered.of(overlay));
        Map<String, String> env = Rendered.environment(container, "replay-service-abc");
        List<String> args = Rendered.args(container, env);
        assertThat(args.get(0)).isEqualTo("serve");

        CommandLine serve = ServeCommand.commandLine();
        ParseResult parsed = serve.parseArgs(args.subList(1, args.size()).toArray(String[]::new));

        Set<String> readVariables = new LinkedHashSet<>(List.of(AccessTokens.ENV));
        for (java.lang.reflect.Field field : ServeCommand.class.getDeclaredFields()) {
            CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
            Matcher matcher = ENV_DEFAULT.matcher(option == null ? "" : option.defaultValue());
            while (matcher.find()) {
                readVariables.add(matcher.group(1));
            }
        }
        env.keySet().stream().filter(v -> v.startsWith("REWIND_"))
                .forEach(v -> assertThat(readVariables).as("a variable the service reads").contains(v));
        Map<String, String> kafka = parsed.matchedOptionValue("--kafka-property", Map.of());
        assertThat(kafka.keySet()).allSatisfy(key -> assertThat(clientSettings()).as(key).contains(key));

        Map<String, Object> history = new HashMap<>(parsed.matchedOptionValue("--history", Map.<String, String>of()));
        history.forEach((key, value) -> {
            if (key.startsWith(HistoryConfig.STREAMS_PREFIX)) {
                String streamsKey = key.substring(HistoryConfig.STREAMS_PREFIX.length());
                assertThat(StreamsConfig.configDef().names().contains(streamsKey)
                        || clientSettings().contains(streamsKey)).as(key).isTrue();
            } else {
                assertThat(HistoryConfig.CONFIG_DEF.names()).as(key).contains(key);
            }
        });
        // what ServeCommand and the server add, then the index's own validation
        history.put(HistoryConfig.SOURCE_TOPICS_CONFIG, env.get("REWIND_HISTORY_SOURCE_TOPICS"));
        history.put(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("REWIND_BOOTSTRAP_SERVERS"));
        history.put(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, env.get("REWIND_REGISTRY_URL"));
        new HistoryConfig(history);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theReplayServiceAndItsHistoryIndexEachHaveAUserGrantingExactlyWhatItUses(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        JsonNode container = replayService(rendered);
        Map<String, String> env = Rendered.environment(container, "p");
        List<String> sources = List.of(env.get("REWIND_HISTORY_SOURCE_TOPICS").split(","));
        String applicationId = HistoryConfig.APPLICATION_ID_DEFAULT;
        String dlq = DlqTopics.of("release-coordinator");

        Set<Acls.Need> service = new LinkedHashSet<>();
        for (String topic : List.of(ControlTopic.TOPIC, RewindTopics.AUDIT, RouteLog.Options.DEFAULT_TOPIC,
                RewindTopics.ROLLOUTS)) {
            for (String operation : List.of("Create", "Describe", "Read", "Write")) {
                service.add(new Acls.Need("topic", topic, operation));
            }
        }
        // rollouts are written by one transactional producer at a time
        service.add(new Acls.Need("transactionalId", RewindTopics.ROLLOUTS_TRANSACTIONAL_ID, "Write"));
        service.add(new Acls.Need("transactionalId", RewindTopics.ROLLOUTS_TRANSACTIONAL_ID, "Describe"));
        service.add(new Acls.Need("topic", dlq, "Describe")); // GET /api/v1/components/{c}/dlq
        service.add(new Acls.Need("topic", dlq, "Read"));
        for (String source : sources) {
            service.add(new Acls.Need("topic", source, "Describe")); // offsets and lag of the versions
            service.add(new Acls.Need("topic", source, "Write"));  // POST /api/v1/events
        }
        // versions and their lag: any <component>.<version> group
        service.add(new Acls.Need("group", "release-coordinator.v1", "Describe"));

        Set<Acls.Need> history = new LinkedHashSet<>();
        for (String topic : List.of(OutcomeTopics.OUTCOMES, dlq)) {
            history.add(new Acls.Need("topic", topic, "Describe"));
            history.add(new Acls.Need("topic", topic, "Read"));
        }
        for (String source : sources) {
            history.add(new Acls.Need("topic", source, "Describe"));
            history.add(new Acls.Need("topic", source, "Read"));
        }
        // Kafka Streams with exactly-once
        history.add(new Acls.Need("group", applicationId, "Read"));
        for (String operation : List.of("Create", "Delete", "Describe", "DescribeConfigs", "Read", "Write")) {
            history.add(new Acls.Need("topic", applicationId + "-cohort-index-changelog", operation));
        }
        history.add(new Acls.Need("transactionalId", applicationId + "-0d3b-1", "Write"));
        history.add(new Acls.Need("transactionalId", applicationId + "-0d3b-1", "Describe"));

        assertThat(ControlTopic.TOPIC).isEqualTo(RewindTopics.CONTROL);
        assertThat(rendered.kafkaTopics()).containsKeys(ControlTopic.TOPIC, RewindTopics.AUDIT, RouteLog.Options.DEFAULT_TOPIC,
                RewindTopics.ROLLOUTS, OutcomeTopics.OUTCOMES);
        assertExactly(rendered, "replay-service", service);
        assertExactly(rendered, HISTORY_USER, history);
        // the manifests and RewindAcls (README table, docs/acls/rewind-acls.sh) say the same
        assertExactly(rendered, "replay-service", needsOf(RewindAcls.replayService("User:replay-service", sources)));
        assertExactly(rendered, HISTORY_USER, needsOf(RewindAcls.historyIndex("User:" + HISTORY_USER, applicationId,
                sources)));
        assertExactly(rendered, "schema-registry", needsOf(RewindAcls.registry("User:schema-registry")));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void aHistoryIndexWithItsOwnCredentialsAuthenticatesAsTheHistoryUser(String overlay) {
        JsonNode container = replayService(Rendered.of(overlay));
        Map<String, String> env = Rendered.environment(container, "p");
        Rendered.args(container, env).stream()
                .filter(arg -> arg.startsWith("--history=" + HistoryConfig.STREAMS_PREFIX + "sasl.jaas.config="))
                .forEach(jaas -> assertThat(jaas).contains("username=\"" + HISTORY_USER + "\"")
                        .contains("<secret:" + HISTORY_USER + "/password>"));
    }

    /**
     * What {@code bindings} allow, as needs: each operation on the resource (a name under a prefix for a prefixed
     * pattern), and the Describe that Read, Write, Delete and Alter imply, which Strimzi lists explicitly.
     */
    static Set<Acls.Need> needsOf(List<AclBinding> bindings) {
        Set<Acls.Need> needs = new LinkedHashSet<>();
        for (AclBinding binding : bindings) {
            String type = switch (binding.pattern().resourceType()) {
                case TOPIC -> "topic";
                case GROUP -> "group";
                case TRANSACTIONAL_ID -> "transactionalId";
                default -> throw new AssertionError("no Strimzi resource type for " + binding);
            };
            String name = binding.pattern().patternType() == PatternType.PREFIXED
                    ? binding.pattern().name() + "any" : binding.pattern().name();
            AclOperation operation = binding.entry().operation();
            needs.add(new Acls.Need(type, name, strimziOperation(operation)));
            if (Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER)
                    .contains(operation)) {
                needs.add(new Acls.Need(type, name, "Describe"));
            }
        }
        return needs;
    }

    /** Kafka's operation name as Strimzi spells it: READ to Read, DESCRIBE_CONFIGS to DescribeConfigs. */
    private static String strimziOperation(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
    }

    private static void assertExactly(Rendered rendered, String user, Set<Acls.Need> needs) {
        Acls acls = Acls.of(rendered.find("KafkaUser", user).orElseThrow(() -> new AssertionError(
                "no KafkaUser " + user + " in " + rendered.overlay())));
        assertThat(acls.missing(needs)).as("needed, not granted").isEmpty();
        assertThat(acls.unused(needs)).as("granted, not needed").isEmpty();
    }

    private static String topicOf(ParseResult parsed) {
        return parsed.matchedOptionValue("--topic", SchemaRegistryServer.Options.DEFAULT_TOPIC);
    }

    private static JsonNode registry(Rendered rendered) {
        return Rendered.container(rendered.find("Deployment", "schema-registry").orElseThrow());
    }

    private static JsonNode replayService(Rendered rendered) {
        return Rendered.container(rendered.find("Deployment", "replay-service").orElseThrow());
    }

    private static Set<String> clientSettings() {
        Set<String> names = new LinkedHashSet<>(AdminClientConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        return names;
    }
}

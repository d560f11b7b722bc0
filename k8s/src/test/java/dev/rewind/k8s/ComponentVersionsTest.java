package dev.rewind.k8s;

import dev.rewind.clients.acl.RewindAcls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.config.EnvironmentOverrides;
import dev.rewind.engine.dlq.DlqTopics;
import dev.rewind.engine.metrics.MetricsEndpoint;
import dev.rewind.engine.outcome.OutcomeTopics;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.state.StateChangelog;
import dev.rewind.examples.release.ReleaseDemo;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each component version workload of each overlay against the engine's own code: its configuration is
 * what {@code dev.rewind.engine.Main} would load (file, then {@code REWIND_*} variables) and passes
 * {@link EngineConfig}'s validation; its identity is stable per pod; every topic it uses has a
 * KafkaTopic; its KafkaUser grants what it needs and nothing more.
 */
class ComponentVersionsTest {

    static final String CONFIG_FILE = "/etc/rewind/engine.properties";

    record Version(Rendered rendered, JsonNode workload) {
        @Override
        public String toString() {
            return rendered.overlay() + " " + Rendered.name(workload);
        }
    }

    static Stream<Arguments> versions() {
        List<Arguments> versions = new ArrayList<>();
        for (String overlay : Kustomize.OVERLAYS) {
            Rendered rendered = Rendered.of(overlay);
            rendered.workloads().stream().filter(ComponentVersionsTest::isComponentVersion)
                    .forEach(w -> versions.add(Arguments.of(new Version(rendered, w))));
        }
        return versions.stream();
    }

    static boolean isComponentVersion(JsonNode workload) {
        return "component-version".equals(workload.path("spec").path("template").path("metadata").path("labels")
                .path("app.kubernetes.io/component").asText());
    }

    /** What Main loads in pod {@code podName}: the mounted file, then the REWIND_* environment. */
    static EngineConfig config(Version version, String podName) {
        JsonNode container = Rendered.container(version.workload());
        assertThat(Rendered.args(container, Map.of())).as("Main's one argument").containsExactly(CONFIG_FILE);
        Properties file = version.rendered().mountedProperties(version.workload(), CONFIG_FILE);
        Map<String, Object> settings = new HashMap<>();
        file.stringPropertyNames().forEach(k -> settings.put(k, file.getProperty(k).trim()));
        return EngineConfig.of(EnvironmentOverrides.apply(settings, Rendered.environment(container, podName)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void configurationIsAcceptedByEngineConfig(Version version) {
        EngineConfig config = config(version, Rendered.name(version.workload()) + "-0");

        assertThat(config.processorClass()).as(EngineConfig.PROCESSOR_CLASS_CONFIG).isNotNull();
        assertThat(version.workload().path("metadata").path("labels").path("rewind.dev/version").asText())
                .isEqualTo(config.version());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void probesAskTheEnginesReadinessAndLivenessOnThePortItServesThemOn(Version version) {
        EngineConfig config = config(version, Rendered.name(version.workload()) + "-0");
        JsonNode container = Rendered.container(version.workload());
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));

        JsonNode readiness = container.path("readinessProbe").path("httpGet");
        JsonNode liveness = container.path("livenessProbe").path("httpGet");

        assertThat(readiness.path("path").asText()).isEqualTo(MetricsEndpoint.READINESS_PATH);
        assertThat(liveness.path("path").asText()).isEqualTo(MetricsEndpoint.LIVENESS_PATH);
        assertThat(ports.get(readiness.path("port").asText())).as(EngineConfig.METRICS_PORT_CONFIG)
                .isEqualTo(config.metricsPort());
        assertThat(ports.get(liveness.path("port").asText())).as(EngineConfig.METRICS_PORT_CONFIG)
                .isEqualTo(config.metricsPort());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void everyRewindVariableIsOneTheEngineReads(Version version) {
        // EnvironmentOverrides ignores REWIND_* variables it does not know: a typo would be silently lost
        for (String variable : Rendered.environment(Rendered.container(version.workload()), "pod-0").keySet()) {
            if (!variable.startsWith(EnvironmentOverrides.PREFIX)) {
                continue;
            }
            String key = EnvironmentOverrides.keyOf(variable);
            if (key.startsWith(EngineConfig.CONSUMER_PREFIX)) {
                assertThat(ConsumerConfig.configNames()).as(variable)
                        .contains(key.substring(EngineConfig.CONSUMER_PREFIX.length()));
            } else if (key.startsWith(EngineConfig.PRODUCER_PREFIX)) {
                assertThat(ProducerConfig.configNames()).as(variable)
                        .contains(key.substring(EngineConfig.PRODUCER_PREFIX.length()));
            } else {
                assertThat(EngineConfig.configDef().names()).as(variable).contains(key);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void eachPodHasItsOwnStableInstanceAndTransactionalId(Version version) {
        assertThat(version.workload().path("kind").asText()).as("stable pod names").isEqualTo("StatefulSet");
        String name = Rendered.name(version.workload());

        EngineConfig pod0 = config(version, name + "-0");
        EngineConfig pod0Again = config(version, name + "-0");
        EngineConfig pod1 = config(version, name + "-1");

        assertThat(pod0.instanceId()).isEqualTo(name + "-0");
        assertThat(pod0Again.transactionalId()).isEqualTo(pod0.transactionalId());
        assertThat(pod1.transactionalId()).isNotEqualTo(pod0.transactionalId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void everyTopicTheVersionUsesIsDeclaredCoPartitioned(Version version) {
        EngineConfig config = config(version, "pod-0");
        Map<String, JsonNode> topics = version.rendered().kafkaTopics();

        assertThat(topics).containsKeys(topicsOf(config).toArray(String[]::new));
        int sourcePartitions = topics.get(config.sourceTopics().get(0)).path("partitions").asInt();
        assertThat(topics.get(dedupeChangelog(config)).path("partitions").asInt()).isEqualTo(sourcePartitions);
        assertThat(topics.get(stateChangelog(config)).path("partitions").asInt()).isEqualTo(sourcePartitions);
        assertThat(topics.get(stateChangelog(config)).path("config").path("cleanup.policy").asText())
                .isEqualTo("compact");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void itsKafkaUserGrantsExactlyWhatTheVersionNeeds(Version version) {
        EngineConfig config = config(version, Rendered.name(version.workload()) + "-0");
        JsonNode user = version.rendered().find("KafkaUser", Rendered.name(version.workload()))
                .orElseThrow(() -> new AssertionError("no KafkaUser named like " + version));
        Acls acls = Acls.of(user);
        Set<Acls.Need> needs = needs(config);

        assertThat(acls.missing(needs)).as("needed, not granted").isEmpty();
        assertThat(acls.unused(needs)).as("granted, not needed").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void itsKafkaUserGrantsExactlyWhatRewindAclsListsForAVersion(Version version) {
        EngineConfig config = config(version, Rendered.name(version.workload()) + "-0");
        JsonNode user = version.rendered().find("KafkaUser", Rendered.name(version.workload()))
                .orElseThrow(() -> new AssertionError("no KafkaUser named like " + version));
        List<String> outputs = config.component().equals(ReleaseDemo.COMPONENT)
                ? List.of(ReleaseDemo.DECISIONS_TOPIC) : List.of();
        Set<Acls.Need> documented = ServicesTest.needsOf(RewindAcls.versionInstance("User:" + Rendered.name(user),
                config.component(), config.version(), config.sourceTopics(), outputs));
        Acls acls = Acls.of(user);

        assertThat(acls.missing(documented)).as("in RewindAcls, not granted").isEmpty();
        assertThat(acls.unused(documented)).as("granted, not in RewindAcls").isEmpty();
    }

    /** The topics a version reads or writes, named by the code. */
    static Set<String> topicsOf(EngineConfig config) {
        Set<String> topics = new LinkedHashSet<>(config.sourceTopics());
        topics.addAll(List.of(OutcomeTopics.OUTCOMES, DlqTopics.of(config.component()), dedupeChangelog(config),
                stateChangelog(config), RouteLog.Options.DEFAULT_TOPIC, RewindTopics.CONTROL));
        if (config.component().equals(ReleaseDemo.COMPONENT)) {
            topics.add(ReleaseDemo.DECISIONS_TOPIC);
        }
        return topics;
    }

    static Set<Acls.Need> needs(EngineConfig config) {
        Set<Acls.Need> needs = new LinkedHashSet<>();
        topicsOf(config).forEach(t -> needs.add(new Acls.Need("topic", t, "Describe")));
        config.sourceTopics().forEach(t -> needs.add(new Acls.Need("topic", t, "Read")));
        if (config.component().equals(ReleaseDemo.COMPONENT)) {
            needs.add(new Acls.Need("topic", ReleaseDemo.DECISIONS_TOPIC, "Write")); // the processor's output
        }
        // the engine creates these when missing (TopicSetup, StateChangelog, RouteLog, ControlLog)
        for (String topic : List.of(OutcomeTopics.OUTCOMES, DlqTopics.of(config.component()), dedupeChangelog(config),
                stateChangelog(config), RouteLog.Options.DEFAULT_TOPIC, RewindTopics.CONTROL)) {
            needs.add(new Acls.Need("topic", topic, "Create"));
        }
        // rewind.routes: ownership-time fixes and the installation's route timing (RouteTimingAgreement)
        for (String topic : List.of(OutcomeTopics.OUTCOMES, DlqTopics.of(config.component()), dedupeChangelog(config),
                stateChangelog(config), RewindTopics.CONTROL, RouteLog.Options.DEFAULT_TOPIC)) {
            needs.add(new Acls.Need("topic", topic, "Write"));
        }
        for (String topic : List.of(dedupeChangelog(config), stateChangelog(config), RouteLog.Options.DEFAULT_TOPIC,
                RewindTopics.CONTROL)) {
            needs.add(new Acls.Need("topic", topic, "Read"));
        }
        needs.add(new Acls.Need("group", config.groupId(), "Read"));
        needs.add(new Acls.Need("transactionalId", config.transactionalId(), "Write"));
        needs.add(new Acls.Need("transactionalId", config.transactionalId(), "Describe"));
        return needs;
    }

    static String stateChangelog(EngineConfig config) {
        return StateChangelog.topicName(new ComponentVersion(config.component(), config.version()));
    }

    /** The engine's own name for the dedupe changelog (package-private in the runtime, so read reflectively). */
    static String dedupeChangelog(EngineConfig config) {
        try {
            Method method = Class.forName("dev.rewind.engine.runtime.internal.TopicSetup")
                    .getDeclaredMethod("dedupeChangelog", EngineConfig.class);
            method.setAccessible(true);
            return (String) method.invoke(null, config);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("TopicSetup.dedupeChangelog(EngineConfig) moved; point this test at it", e);
        }
    }
}

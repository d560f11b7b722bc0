package dev.rewind.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

    private static Map<String, Object> valid() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9092");
        props.put("schema.registry.url", "http://localhost:8081");
        props.put("component", "release-coordinator");
        props.put("version", "v2");
        props.put("source.topics", "commits,builds");
        return props;
    }

    private static List<ConfigProblem> problemsOf(Map<String, Object> props) {
        try {
            EngineConfig.of(props);
        } catch (InvalidEngineConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be rejected: " + props);
    }

    @Test
    void appliesDefaultsToAMinimalConfiguration() {
        EngineConfig config = EngineConfig.of(valid());

        assertThat(config.groupId()).isEqualTo("release-coordinator.v2");
        assertThat(config.sourceTopics()).containsExactly("commits", "builds");
        assertThat(config.errorPolicy()).isEqualTo(ErrorPolicy.CONTINUE);
        assertThat(config.dedupeWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(config.metricsPort()).isZero();
        assertThat(config.instanceId()).isNotBlank();
        assertThat(config.transactionalId()).startsWith("release-coordinator.v2.");
    }

    @Test
    void keepsAConfiguredInstanceIdInTheTransactionalId() {
        Map<String, Object> props = valid();
        props.put("instance.id", "pod-7");

        assertThat(EngineConfig.of(props).transactionalId()).isEqualTo("release-coordinator.v2.pod-7");
    }

    @Test
    void reportsEveryMissingRequiredKeyAtOnce() {
        List<ConfigProblem> problems = problemsOf(new HashMap<>());

        assertThat(problems).extracting(ConfigProblem::key).containsExactly("bootstrap.servers",
                "component", "schema.registry.url", "source.topics", "version");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).startsWith("required; set it:"));
    }

    @Test
    void namesTheKeyTheValueAndTheFixOfAnInvalidErrorPolicy() {
        Map<String, Object> props = valid();
        props.put("error.policy", "explode");

        InvalidEngineConfigException e = (InvalidEngineConfigException)
                org.assertj.core.api.Assertions.catchThrowable(() -> EngineConfig.of(props));

        assertThat(e.getMessage()).contains("error.policy='explode'")
                .contains("use one of continue, stop-partition");
    }

    @Test
    void rejectsNumbersOutOfRangeWithTheAcceptedRange() {
        Map<String, Object> props = valid();
        props.put("metrics.port", "70000");
        props.put("max.batch.size", "0");
        props.put("dedupe.window.ms", "-5");

        assertThat(problemsOf(props)).extracting(ConfigProblem::toString).containsExactly(
                "dedupe.window.ms='-5': use a value from 0 to 2592000000 ms (0 = off)",
                "max.batch.size='0': use a value from 1 to 100000 events",
                "metrics.port='70000': use a value from -1 to 65535 (0 = off, -1 = any free port)");
    }

    @Test
    void rejectsAValueOfTheWrongTypeNamingTheExpectedType() {
        Map<String, Object> props = valid();
        props.put("commit.interval.ms", "soon");

        ConfigProblem problem = problemsOf(props).get(0);
        assertThat(problem.key()).isEqualTo("commit.interval.ms");
        assertThat(problem.message()).contains("expected a value of type long");
    }

    @Test
    void rejectsNamesThatWouldMakeAnAmbiguousGroupId() {
        Map<String, Object> props = valid();
        props.put("component", "Release.Coordinator");

        ConfigProblem problem = problemsOf(props).get(0);
        assertThat(problem.key()).isEqualTo("component");
        assertThat(problem.message()).contains("lower-case letters, digits and '-'")
                .contains("component=release-coordinator");
    }

    @Test
    void rejectsMalformedBrokerAndRegistryAddresses() {
        Map<String, Object> props = valid();
        props.put("bootstrap.servers", "localhost");
        props.put("schema.registry.url", "localhost:8081");

        assertThat(problemsOf(props)).extracting(ConfigProblem::key)
                .containsExactly("bootstrap.servers", "schema.registry.url");
    }

    @Test
    void rejectsInternalTopicsAsSources() {
        Map<String, Object> props = valid();
        props.put("source.topics", "commits,rewind.outcomes");

        assertThat(problemsOf(props).get(0).message()).contains("'rewind.outcomes' is an internal topic");
    }

    @Test
    void suggestsTheNearestKeyForATypo() {
        Map<String, Object> props = valid();
        props.put("dedupe.windw.ms", "1000");

        assertThat(problemsOf(props).get(0).message()).contains("did you mean 'dedupe.window.ms'?");
    }

    @Test
    void rejectsClientOverridesThatWouldBreakExactlyOnce() {
        Map<String, Object> props = valid();
        props.put("consumer.isolation.level", "read_uncommitted");
        props.put("producer.transactional.id", "mine");

        assertThat(problemsOf(props)).extracting(ConfigProblem::key)
                .containsExactly("consumer.isolation.level", "producer.transactional.id");
    }

    @Test
    void passesOtherClientOverridesWithoutTheirPrefix() {
        Map<String, Object> props = valid();
        props.put("consumer.max.poll.records", "50");
        props.put("producer.linger.ms", "5");

        EngineConfig config = EngineConfig.of(props);

        assertThat(config.consumerOverrides()).containsExactly(Map.entry("max.poll.records", "50"));
        assertThat(config.producerOverrides()).containsExactly(Map.entry("linger.ms", "5"));
    }

    @Test
    void passesProcessorSettingsToTheProcessorWithoutThePrefix() {
        Map<String, Object> props = valid();
        props.put("processor.greeting", "hello");
        props.put("processor.class", "java.lang.String");

        EngineConfig config = EngineConfig.of(props);

        assertThat(config.processorSettings()).containsExactly(Map.entry("greeting", "hello"));
        assertThat(config.processorClass()).isEqualTo(String.class);
    }

    @Test
    void environmentVariablesOverrideFileSettings() {
        Map<String, Object> merged = EnvironmentOverrides.apply(valid(), Map.of(
                "REWIND_SOURCE_TOPICS", "deploys",
                "REWIND_DEDUPE_WINDOW_MS", "60000",
                "REWIND_CONSUMER_MAX_POLL_RECORDS", "10",
                "REWIND_HOME", "/opt/rewind",
                "PATH", "/bin"));

        EngineConfig config = EngineConfig.of(merged);
        assertThat(config.sourceTopics()).containsExactly("deploys");
        assertThat(config.dedupeWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.consumerOverrides()).containsEntry("max.poll.records", "10");
        assertThat(merged).doesNotContainKey("home");
    }

    @Test
    void errorPolicyParsingNamesTheAcceptedValues() {
        assertThat(ErrorPolicy.parse("Stop-Partition")).isEqualTo(ErrorPolicy.STOP_PARTITION);
        assertThatThrownBy(() -> ErrorPolicy.parse("halt"))
                .hasMessageContaining("continue, stop-partition");
    }
}

package dev.rewind.replaytool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.config.ConfigProblem;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.history.HistoryConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServiceConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"replay-service\" password=\"s3cret\";";

    @Test
    void withoutSettingsTheServiceListensOnLoopbackOnly() {
        ServiceConfig config = ServiceConfig.of(Map.of());

        assertThat(config.listener().getHost()).isEqualTo("127.0.0.1");
        assertThat(ServeCommand.options(config, AccessTokens.open()).host()).isEqualTo("127.0.0.1");
        assertThat(ReplayToolServer.Options.of("localhost:9092", "http://localhost:8081").host())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void readsTheFileThenTheEnvironmentThenTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("service.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka-0:9093
                schema.registry.url=https://registry:8081
                listeners=http://0.0.0.0:8080
                replay.max.window.ms=3600000
                route.skew.margin.ms=20000
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                basic.auth.credentials.source=USER_INFO
                basic.auth.user.info=service:pw
                history.source.topics=release.events
                history.streams.num.stream.threads=2
                """);
        Map<String, String> environment = Map.of("REWIND_REPLAY_MAX_WINDOW_MS", "7200000",
                "REWIND_SASL_JAAS_CONFIG", JAAS, "REWIND_UNRELATED_THING", "ignored", "PATH", "/bin");

        ServiceConfig config = ServiceConfig.load(file, environment, Map.of("listeners", "http://10.1.2.3:9000"));
        ReplayToolServer.Options options = ServeCommand.options(config, AccessTokens.open());

        assertThat(options.bootstrapServers()).isEqualTo("kafka-0:9093");
        assertThat(options.host()).isEqualTo("10.1.2.3");
        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.maxWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(options.routeTiming().margin()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.clientConfig()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", JAAS).doesNotContainKey("basic.auth.user.info");
        assertThat(options.registryConfig()).containsEntry("basic.auth.user.info", "service:pw")
                .containsEntry("schema.registry.url", "https://registry:8081");
        assertThat(options.history()).containsEntry(HistoryConfig.SOURCE_TOPICS_CONFIG, "release.events")
                .containsEntry("history.streams.num.stream.threads", "2")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("basic.auth.user.info", "service:pw");
    }

    @Test
    void listsEveryProblemWithKeyValueAndFixAndHidesSecrets() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "kafka-0");
        settings.put("listeners", "tcp://0.0.0.0");
        settings.put("replay.max.windw.ms", "1");
        settings.put("consumer.isolation.level", "read_uncommitted");
        settings.put("route.skew.margin.ms", "100");
        settings.put("sasl.jaas.confg", JAAS);

        assertThatThrownBy(() -> ServiceConfig.of(settings))
                .isInstanceOfSatisfying(InvalidServiceConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("bootstrap.servers",
                            "consumer.isolation.level", "replay.max.windw.ms", "route.skew.margin.ms",
                            "sasl.jaas.confg");
                    assertThat(e.getMessage())
                            .contains("bootstrap.servers='kafka-0': 'kafka-0' is not host:port")
                            .contains("consumer.isolation.level='read_uncommitted': not allowed")
                            .contains("did you mean 'replay.max.window.ms'")
                            .contains("route.skew.margin.ms='100': use a value from 4001")
                            .doesNotContain("s3cret");
                });
    }

    @Test
    void refusesAListenerThatIsNotOneHttpUrl() {
        assertThatThrownBy(() -> ServiceConfig.of(Map.of("listeners", "tcp://0.0.0.0")))
                .isInstanceOf(InvalidServiceConfigException.class)
                .hasMessageContaining("listeners='tcp://0.0.0.0': use one URL scheme://host:port");
    }

    @Test
    void checksTheHistorySettingsAsTheIndexWould() {
        assertThatThrownBy(() -> ServiceConfig.of(Map.of(HistoryConfig.SOURCE_TOPICS_CONFIG, "rewind.control")))
                .isInstanceOf(InvalidServiceConfigException.class)
                .hasMessageContaining("history.source.topics").hasMessageContaining("rewind's own topic");
        assertThatThrownBy(() -> ServiceConfig.of(Map.of(HistoryConfig.SOURCE_TOPICS_CONFIG, "events",
                        HistoryConfig.PARTITIONS_CONFIG, "0")))
                .isInstanceOf(InvalidServiceConfigException.class).hasMessageContaining("history.partitions='0'");
    }

    @Test
    void theRouteMarginIsTheEnginesOneKeyWithTheEnginesDefault() {
        assertThat(ServiceConfig.configDef().configKeys().get(EngineConfig.ROUTE_SKEW_MARGIN_MS_CONFIG).defaultValue)
                .isEqualTo(EngineConfig.configDef().configKeys().get(EngineConfig.ROUTE_SKEW_MARGIN_MS_CONFIG)
                        .defaultValue);
        ServiceConfig config = ServiceConfig.of(Map.of());
        assertThat(ServeCommand.options(config, AccessTokens.open()).routeTiming())
                .isEqualTo(dev.rewind.engine.routing.RouteTiming.DEFAULTS);
    }

    @Test
    void serveExitsWithTwoAndOneLinePerProblem() {
        StringWriter err = new StringWriter();
        CommandLine serve = ServeCommand.commandLine();
        serve.setErr(new PrintWriter(err));

        int exit = serve.execute("--bootstrap-servers", "nowhere", "--kafka-property", "producer.acks=0");

        assertThat(exit).isEqualTo(ServeCommand.EXIT_CONFIG);
        assertThat(err.toString()).contains("Invalid rewind replay service configuration (2 problems)")
                .contains("bootstrap.servers='nowhere'").contains("producer.acks='0': not allowed");
    }
}

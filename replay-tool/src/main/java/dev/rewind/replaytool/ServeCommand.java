package dev.rewind.replaytool;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.history.HistoryConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rewind serve}: runs the replay service in the foreground until the process is stopped.
 *
 * <p>Settings ({@link ServiceConfig}) come from {@code --config FILE}, then {@code REWIND_*}
 * environment variables ({@code REWIND_REPLAY_MAX_WINDOW_MS} sets {@code replay.max.window.ms}: prefix
 * removed, lower case, {@code _} to {@code .}), then the options of this command, each winning over
 * the one before. Exit code 2 for a configuration error, listing every bad key with its fix.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the replay service (REST API, web console, history index) against a Kafka cluster"
                + " and a schema registry.",
        footer = {"", "Settings: --config FILE (properties), then REWIND_<KEY> environment variables (key upper"
                + " case, '.' as '_', e.g. REWIND_SECURITY_PROTOCOL=SASL_SSL), then the options above.",
                "Keys: bootstrap.servers, schema.registry.url, listeners, access.tokens.file, replay.max.window.ms,"
                        + " replay.retention.ms, route.skew.margin.ms, history.*, Kafka client settings (unprefixed or"
                        + " consumer./restore.consumer./producer./admin.), the registry client's basic.auth.*,"
                        + " bearer.auth.*, schema.registry.ssl.*. See README, \"Production cluster\"."})
public final class ServeCommand implements Callable<Integer> {

    /** Exit code of a configuration error. */
    public static final int EXIT_CONFIG = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of the service's settings (keys: see below).")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:REWIND_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (bootstrap.servers; default localhost:9092).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL", defaultValue = "${env:REWIND_REGISTRY_URL}",
            description = "Schema registry URL (schema.registry.url, env REWIND_REGISTRY_URL too;"
                    + " default http://localhost:8081).")
    String registryUrl;

    @Option(names = "--listener", paramLabel = "URL", defaultValue = "${env:REWIND_LISTENERS}",
            description = "Where the HTTP server listens (listeners; default http://127.0.0.1:8080: this machine"
                    + " only). http://0.0.0.0:8080 listens on every interface.")
    String listener;

    @Option(names = "--port", defaultValue = "${env:REWIND_PORT}",
            description = "HTTP port of the listener, 0 for any free one (env REWIND_PORT).")
    Integer port;

    @Option(names = "--tokens-file", paramLabel = "FILE", description = "Bearer tokens, lines"
            + " <token>=<name>:<viewer|operator> (access.tokens.file). Without it env REWIND_TOKENS is read;"
            + " without both the service is open.")
    Path tokensFile;

    @Option(names = "--max-window", paramLabel = "DURATION",
            description = "Longest replay window accepted (ISO-8601, e.g. PT24H; replay.max.window.ms).")
    Duration maxWindow;

    @Option(names = "--history-source-topics", split = ",", paramLabel = "TOPIC",
            defaultValue = "${env:REWIND_HISTORY_SOURCE_TOPICS}",
            description = "Event source topics to index for the history API (history.source.topics)."
                    + " Without it and without history.source.topic.pattern, the history API is off.")
    List<String> historySourceTopics;

    @Option(names = "--history", paramLabel = "KEY=VALUE",
            description = "A history index setting, e.g. history.state.dir=/var/lib/rewind/history or"
                    + " history.application.server=replay-1:8080; repeatable.")
    Map<String, String> history = new HashMap<>();

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting of the service's clients, e.g. security.protocol=SASL_SSL;"
                    + " repeatable. The history index takes them too; history.streams.KEY=VALUE overrides them"
                    + " for the index only.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** The command line of {@code serve}, with the usual exit codes. */
    public static CommandLine commandLine() {
        return new CommandLine(new ServeCommand());
    }

    /** The options given on the command line (or by their variables), as settings over the file's. */
    Map<String, Object> overrides() {
        Map<String, Object> settings = new HashMap<>(kafkaProperties);
        settings.putAll(history);
        put(settings, ServiceConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        put(settings, ServiceConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        put(settings, ServiceConfig.LISTENERS_CONFIG, listener);
        put(settings, ServiceConfig.TOKENS_FILE_CONFIG, tokensFile);
        if (maxWindow != null) {
            settings.put(ServiceConfig.MAX_WINDOW_MS_CONFIG, maxWindow.toMillis());
        }
        if (historySourceTopics != null && !historySourceTopics.isEmpty()) {
            settings.put(HistoryConfig.SOURCE_TOPICS_CONFIG, String.join(",", historySourceTopics));
        }
        return settings;
    }

    /** The validated configuration of this invocation. */
    ServiceConfig config(Map<String, String> environment) {
        ServiceConfig config = ServiceConfig.load(configFile, environment, overrides());
        if (port == null) {
            return config;
        }
        URI listener = config.listener();
        Map<String, Object> withPort = new HashMap<>(config.originals());
        withPort.put(ServiceConfig.LISTENERS_CONFIG, listener.getScheme() + "://" + listener.getHost() + ":" + port);
        return ServiceConfig.of(withPort);
    }

    /** The server's options for {@code config}. */
    static ReplayToolServer.Options options(ServiceConfig config, AccessTokens tokens) {
        ReplayToolServer.Options.Builder options = ReplayToolServer.Options.builder(config.bootstrapServers(),
                        config.schemaRegistryUrl())
                .host(config.listener().getHost()).port(config.listener().getPort()).tokens(tokens)
                .maxWindow(config.maxWindow()).replayRetention(config.replayRetention())
                .routeTiming(EngineConfig.routeTiming(config.routeSkewMargin()))
                .clientConfig(config.clientConfig()).registryConfig(config.registryClientConfig())
                .https(config.https());
        if (config.historyEnabled()) {
            options.history(config.historySettings());
        }
        return options.build();
    }

    @Override
    public Integer call() throws Exception {
        ServiceConfig config;
        try {
            config = config(System.getenv());
        } catch (InvalidServiceConfigException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(e.getMessage());
            err.flush();
            return EXIT_CONFIG;
        }
        AccessTokens tokens = config.tokensFile() != null ? AccessTokens.read(config.tokensFile())
                : AccessTokens.fromEnvironment();
        ReplayToolServer server = ReplayToolServer.start(options(config, tokens));
        CountDownLatch stopped = new CountDownLatch(1);
        // the hook closes the server itself: the JVM does not wait for the main thread after a signal
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "rewind-serve-shutdown"));
        spec.commandLine().getOut().println("rewind replay service listening on " + server.url()
                + (tokens.isOpen() ? " (open: no tokens configured)" : ""));
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    private static void put(Map<String, Object> settings, String key, Object value) {
        if (value != null && !value.toString().isBlank()) {
            settings.put(key, value.toString());
        }
    }
}

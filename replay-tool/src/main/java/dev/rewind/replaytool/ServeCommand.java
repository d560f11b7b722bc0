package dev.rewind.replaytool;

import dev.rewind.replaytool.access.AccessTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rewind serve}: runs the replay service in the foreground until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the replay service (REST API) against a Kafka cluster and a schema registry.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:REWIND_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env REWIND_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = "${env:REWIND_REGISTRY_URL:-http://localhost:8081}",
            description = "Schema registry URL (env REWIND_REGISTRY_URL; default ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--port", defaultValue = "${env:REWIND_PORT:-8080}",
            description = "HTTP port, 0 for any free one (env REWIND_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tokens-file", paramLabel = "FILE", description = "Bearer tokens, lines"
            + " <token>=<name>:<viewer|operator>. Without it env REWIND_TOKENS is read; without both the"
            + " service is open.")
    Path tokensFile;

    @Option(names = "--max-window", defaultValue = "PT24H",
            description = "Longest replay window accepted (ISO-8601 duration; default ${DEFAULT-VALUE}).")
    Duration maxWindow;

    @Option(names = "--history-source-topics", split = ",", paramLabel = "TOPIC",
            defaultValue = "${env:REWIND_HISTORY_SOURCE_TOPICS}",
            description = "Event source topics to index for the history API (env REWIND_HISTORY_SOURCE_TOPICS)."
                    + " Without it and without --history history.source.topic.pattern=..., the history API is off.")
    java.util.List<String> historySourceTopics;

    @Option(names = "--history", paramLabel = "KEY=VALUE",
            description = "A history index setting, e.g. history.state.dir=/var/lib/rewind/history or"
                    + " history.application.server=replay-1:8080; repeatable.")
    java.util.Map<String, String> history = new java.util.HashMap<>();

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting of the service's clients, e.g. security.protocol=SASL_SSL;"
                    + " repeatable. The history index takes its own as --history history.streams.KEY=VALUE.")
    java.util.Map<String, String> kafkaProperties = new java.util.LinkedHashMap<>();

    /** The command line of {@code serve}, with the usual exit codes. */
    public static CommandLine commandLine() {
        return new CommandLine(new ServeCommand());
    }

    private java.util.Map<String, Object> historySettings() {
        java.util.Map<String, Object> settings = new java.util.HashMap<>(history);
        if (historySourceTopics != null && !historySourceTopics.isEmpty()) {
            settings.put("history.source.topics", String.join(",", historySourceTopics));
        }
        return settings;
    }

    @Override
    public Integer call() throws Exception {
        AccessTokens tokens = tokensFile != null ? AccessTokens.read(tokensFile) : AccessTokens.fromEnvironment();
        ReplayToolServer.Options options = ReplayToolServer.Options.of(bootstrapServers, registryUrl)
                .withPort(port).withTokens(tokens).withMaxWindow(maxWindow).withHistory(historySettings())
                .withClientConfig(new java.util.HashMap<>(kafkaProperties));
        ReplayToolServer server = ReplayToolServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        // the hook closes the server itself: the JVM does not wait for the main thread after a signal
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "rewind-serve-shutdown"));
        System.out.println("rewind replay service listening on " + server.url()
                + (tokens.isOpen() ? " (open: no tokens configured)" : ""));
        stopped.await();
        return 0;
    }
}

package dev.rewind.local;

import dev.rewind.api.replays.DryRunReport;
import dev.rewind.api.shadows.ShadowComparison;
import dev.rewind.api.shadows.ShadowRunReport;
import dev.rewind.api.shadows.ShadowRunState;
import dev.rewind.api.shadows.ShadowRunView;
import dev.rewind.cli.ConnectionOptions;
import dev.rewind.cli.DurationConverter;
import dev.rewind.cli.ShadowPrinter;
import dev.rewind.cli.client.RewindClient;
import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.ProcessorSupplier;
import dev.rewind.engine.runtime.ProcessorClasses;
import dev.rewind.engine.shadow.ShadowRun;
import dev.rewind.engine.shadow.ShadowSnapshot;
import dev.rewind.protocol.CohortSelector;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rewind shadow start}: runs a build of a component that is not deployed (a processor class from jars or
 * the class path) in this process on one cohort's live events, and reports its comparison with the owning
 * versions to the replay service every second until stopped (Ctrl-C, {@code --duration},
 * {@code rewind shadow stop}, the console). It reads Kafka directly (group-less, {@code read_committed},
 * nothing written: {@link ShadowRun}); the service only shows the reports and writes the one audit entry when
 * the run ends. Lives in the launcher's app because it needs the engine, which the CLI jar does not carry.
 */
@Command(name = "start", description = "Run a local build on one cohort's live events, compare its outputs live"
        + " with what the owning versions produced, and report to the service until stopped (Ctrl-C).")
public final class ShadowStartCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--config", paramLabel = "FILE", description = "The component's engine properties"
            + " (bootstrap.servers, schema.registry.url, component, source.topics, processor.class, client settings);"
            + " options override them.")
    Path configFile;

    @Option(names = {"-c", "--component"}, paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", required = true,
            description = "The build's name, e.g. v3 (it need not be deployed, and never becomes a consumer group).")
    String version;

    @Option(names = "--processor-class", paramLabel = "CLASS", description = "The EventProcessor class to run"
            + " (default: processor.class of --config).")
    String processorClass;

    @Option(names = "--jar", paramLabel = "JAR", split = ",", description = "Jars (or class directories) holding"
            + " the build; the launcher's class path is searched after them.")
    List<Path> jars = new ArrayList<>();

    @Option(names = "--cohort", paramLabel = "SELECTOR", required = true,
            description = "One cohort: customer:<id>, plan:<id>, project:<id> or default.")
    String cohort;

    @Option(names = "--from", paramLabel = "TIME", description = "Run events from this time (ISO-8601) instead of"
            + " from now.")
    String from;

    @Option(names = "--last", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run events from this long ago (e.g. 5m) instead of from now.")
    Duration last;

    @Option(names = "--state-from", paramLabel = "VERSION", description = "Start from this version's committed"
            + " state as of the start (default: the version the routes send the cohort to then).")
    String stateFrom;

    @Option(names = "--source-topics", paramLabel = "TOPIC", split = ",",
            description = "Source topics (default: source.topics of --config).")
    List<String> sourceTopics;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:REWIND_BOOTSTRAP_SERVERS}", description = "Kafka (env REWIND_BOOTSTRAP_SERVERS;"
            + " default: --config's, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL", defaultValue = "${env:REWIND_SCHEMA_REGISTRY_URL}",
            description = "Schema registry (env REWIND_SCHEMA_REGISTRY_URL; default: --config's, else"
                    + " http://localhost:8081).")
    String registryUrl;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "A Kafka client setting"
            + " (e.g. security.protocol=SASL_SSL), as in the engine's properties.")
    Map<String, String> kafkaProperties = new HashMap<>();

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (default: run until Ctrl-C or shadow stop).")
    Duration duration;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "2m", description = "How long to wait for the owner's outcome of an event before counting"
            + " it unmatched (default ${DEFAULT-VALUE}).")
    Duration settleTimeout;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "shadow run",
            description = "Why, for the audit entry.")
    String reason;

    @Option(names = "--sandbox-dir", paramLabel = "DIR", description = "Where the state sandbox's temporary"
            + " directory goes (default: <java.io.tmpdir>/rewind-shadow); it is deleted on stop.")
    Path sandboxDir;

    @Override
    public Integer call() throws Exception {
        CohortSelector selector = selector();
        Instant start = start();
        Map<String, Object> settings = settings();
        ClassLoader loader = classLoader();
        String className = processorClass != null ? processorClass : (String) settings.remove(
                EngineConfig.PROCESSOR_CLASS_CONFIG);
        settings.remove(EngineConfig.PROCESSOR_CLASS_CONFIG);
        if (className == null) {
            throw new ParameterException(spec.commandLine(), "Name the build's processor: --processor-class CLASS"
                    + " (or processor.class in --config).");
        }
        ProcessorSupplier processors = ProcessorClasses.supplier(Class.forName(className, true, loader));
        EngineConfig config = EngineConfig.of(settings);
        RewindClient client = connection.client();
        String id = UUID.randomUUID().toString();
        Instant startedAt = Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        // registering first: a service that refuses (access, a bad cohort) stops us before Kafka is touched
        ShadowRunView registered = client.reportShadowRun(id, new ShadowRunReport(config.component(), version,
                selector.toString(), start, startedAt, stateFrom, ShadowRunState.RUNNING, host(), reason, null,
                ShadowComparison.empty()));
        if (!connection.json()) {
            out.println("shadow run " + registered.id() + " of " + config.component() + " " + version + " on "
                    + selector + " from " + start + " (Ctrl-C stops it; the console shows it too)");
            out.flush();
        }
        AtomicReference<ShadowRunView> latest = new AtomicReference<>(registered);
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader); // the run's thread inherits it: the build's own classes resolve
        ShadowRun run;
        try {
            ShadowRun.Builder builder = ShadowRun.builder(config, processors).cohort(selector).from(start)
                    .stateFrom(stateFrom).settleTimeout(settleTimeout);
            if (sandboxDir != null) {
                builder.sandboxDirectory(sandboxDir);
            }
            ShadowRun[] self = new ShadowRun[1];
            run = builder.listener(snapshot -> report(client, id, snapshot, latest, out, self[0])).start();
            self[0] = run;
        } finally {
            current.setContextClassLoader(previous);
        }
        Thread hook = new Thread(run::close, "rewind-shadow-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (!run.finished() && System.nanoTime() < deadline) {
                run.awaitFinished(Duration.ofMillis(Math.min(1_000, Math.max(1, (deadline - System.nanoTime())
                        / 1_000_000))));
            }
            run.close();
        } finally {
            removeHook(hook);
        }
        ShadowRunView last = latest.get();
        if (connection.json()) {
            out.println(dev.rewind.api.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(last));
        } else {
            ShadowPrinter.printSummary(out, last);
        }
        out.flush();
        return run.snapshot().state() == dev.rewind.engine.shadow.ShadowState.FAILED ? 1 : 0;
    }

    /** Sends one snapshot; stops the run when the service says someone asked to. On the run's thread. */
    private void report(RewindClient client, String id, ShadowSnapshot snapshot, AtomicReference<ShadowRunView> latest,
            PrintWriter out, ShadowRun run) {
        ShadowRunView previous = latest.get();
        ShadowRunView view = client.reportShadowRun(id, toReport(snapshot));
        latest.set(view);
        if (view.stopRequested() && run != null) {
            run.stop();
        }
        if (!connection.json() && !snapshot.state().finished()
                && !view.comparison().equals(previous.comparison())) {
            out.println(ShadowPrinter.line(snapshot.at(), view.comparison()));
            out.flush();
        }
    }

    private ShadowRunReport toReport(ShadowSnapshot s) {
        List<DryRunReport.Difference> sample = s.sample().stream().map(d -> new DryRunReport.Difference(
                d.eventId(), d.kind(), d.topic(), d.key(), d.expected(), d.actual())).toList();
        ShadowComparison comparison = new ShadowComparison(s.events(), s.compared(), s.pending(), s.unmatched(),
                s.same(), s.changed(), s.added(), s.missing(), s.shadowErrors(), s.ownerErrors(), s.owners(), sample);
        ShadowRunState state = switch (s.state()) {
            case RUNNING -> ShadowRunState.RUNNING;
            case STOPPED -> ShadowRunState.STOPPED;
            case FAILED -> ShadowRunState.FAILED;
        };
        return new ShadowRunReport(s.component(), s.version(), s.cohort(), s.from(), s.startedAt(), s.stateFrom(),
                state, host(), reason, s.message(), comparison);
    }

    private CohortSelector selector() {
        try {
            return CohortSelector.parse(cohort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--cohort: " + e.getMessage());
        }
    }

    private Instant start() {
        if (from != null && last != null) {
            throw new ParameterException(spec.commandLine(), "Give --from or --last, not both.");
        }
        if (last != null) {
            return Instant.now().minus(last);
        }
        if (from == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(from);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--from must be an ISO-8601 instant such as"
                    + " 2026-11-30T10:00:00Z, was '" + from + "'.");
        }
    }

    private Map<String, Object> settings() throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (configFile != null) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(configFile)) {
                properties.load(in);
            }
            properties.stringPropertyNames().forEach(n -> settings.put(n, properties.getProperty(n).trim()));
        }
        settings.putAll(kafkaProperties);
        put(settings, EngineConfig.COMPONENT_CONFIG, component);
        settings.put(EngineConfig.VERSION_CONFIG, version);
        put(settings, EngineConfig.SOURCE_TOPICS_CONFIG, sourceTopics == null ? null : String.join(",", sourceTopics));
        put(settings, EngineConfig.BOOTSTRAP_SERVERS_CONFIG, blankless(bootstrapServers));
        put(settings, EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, blankless(registryUrl));
        settings.putIfAbsent(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        settings.putIfAbsent(EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://localhost:8081");
        for (String key : List.of(EngineConfig.COMPONENT_CONFIG, EngineConfig.SOURCE_TOPICS_CONFIG)) {
            if (!settings.containsKey(key)) {
                throw new ParameterException(spec.commandLine(), "Missing " + key + ": pass --"
                        + (key.equals(EngineConfig.COMPONENT_CONFIG) ? "component" : "source-topics")
                        + " or --config with the component's engine properties.");
            }
        }
        return settings;
    }

    private ClassLoader classLoader() throws MalformedURLException {
        if (jars.isEmpty()) {
            return getClass().getClassLoader();
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.exists(jar)) {
                throw new ParameterException(spec.commandLine(), "--jar " + jar + ": no such file or directory.");
            }
            urls.add(jar.toUri().toURL());
        }
        return new URLClassLoader("shadow-build", urls.toArray(URL[]::new), getClass().getClassLoader());
    }

    private static void put(Map<String, Object> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String host() {
        String user = System.getProperty("user.name", "?");
        try {
            return user + "@" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return user;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running
        }
    }
}

package dev.rewind.replaytool;

import dev.rewind.clients.acl.KafkaAccessDenied;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.clients.ClientConfigProblem;
import dev.rewind.clients.ClientRole;
import dev.rewind.clients.ClientSettings;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.routing.RouteTimingAgreement;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.audit.AuditHandlers;
import dev.rewind.replaytool.audit.AuditLog;
import dev.rewind.replaytool.components.ComponentCatalog;
import dev.rewind.api.events.PausedPartitionView;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.replaytool.components.ComponentHandlers;
import dev.rewind.replaytool.control.ControlRetention;
import dev.rewind.replaytool.control.ControlTopic;
import dev.rewind.replaytool.history.EventIngestor;
import dev.rewind.replaytool.history.IngestTopics;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.history.HistoryHandlers;
import dev.rewind.replaytool.dlq.DlqHandlers;
import dev.rewind.replaytool.dlq.DlqService;
import dev.rewind.replaytool.history.HistoryIndex;
import dev.rewind.replaytool.http.HttpApi;
import dev.rewind.replaytool.http.HttpsListener;
import dev.rewind.api.Json;
import dev.rewind.replaytool.replay.ReplayHandlers;
import dev.rewind.replaytool.replay.ReplayService;
import dev.rewind.replaytool.replay.ReplayValidator;
import dev.rewind.replaytool.routes.ReplayRouteOverrides;
import dev.rewind.replaytool.routes.RouteHandlers;
import dev.rewind.replaytool.shadow.ShadowHandlers;
import dev.rewind.replaytool.shadow.ShadowRuns;
import dev.rewind.replaytool.routes.RouteService;
import dev.rewind.schemas.registry.RegistryAccess;
import dev.rewind.replaytool.rollout.HistoryRolloutStats;
import dev.rewind.replaytool.rollout.RolloutDriver;
import dev.rewind.replaytool.rollout.RolloutHandlers;
import dev.rewind.replaytool.rollout.RolloutLog;
import dev.rewind.replaytool.rollout.RolloutService;
import dev.rewind.replaytool.rollout.RolloutStats;
import dev.rewind.schemas.registry.RegistryCredentials;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.List;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay service: REST API over Kafka for replays, routes, channels and the audit log.
 *
 * <p>Stateless apart from Kafka: replays live on {@code rewind.control} (finished ones are tombstoned after
 * {@link Options#replayRetention()}), the audit on {@code rewind.audit}, routes on {@code rewind.routes}; several
 * instances may serve the same cluster. Embeddable:
 * {@link #start(Options)} returns once the HTTP port is open and the control topic has been read
 * to its end; {@link #close()} stops everything it started.
 */
public final class ReplayToolServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayToolServer.class);

    /** The Prometheus scrape endpoint (no token needed). */
    public static final String METRICS_PATH = "/metrics";

    private static final Duration RETENTION_SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** How often the rollout driver asks the guard; the statistics it reads change about as often. */
    private static final Duration ROLLOUT_TICK = Duration.ofSeconds(1);
    /** Prefix of the {@code client.id} of every Kafka client of the service. */
    private static final String CLIENT_ID = "rewind-service";

    private final Javalin app;
    private final Deque<AutoCloseable> resources;
    private final String host;
    private final boolean https;

    /**
     * Settings of the service.
     *
     * @param bootstrapServers Kafka bootstrap servers
     * @param registryUrl schema registry base URL (or {@code mock://<scope>} in tests)
     * @param host the address the HTTP server binds to: {@value #LOOPBACK} (the default) for this machine
     *     only, {@code 0.0.0.0} for every interface
     * @param port HTTP port; 0 picks a free one
     * @param tokens bearer tokens; {@link AccessTokens#open()} for none
     * @param maxWindow the longest replay window accepted
     * @param routeTiming route timing rules, the same as every engine instance uses
     * @param clientConfig further Kafka client settings (security, ...), may be empty; read by the one
     *     {@link ClientSettings} model (common settings and {@code consumer.}, {@code restore.consumer.},
     *     {@code producer.}, {@code admin.} ones), overrides of what the service relies on refused
     * @param registryConfig the registry client's credentials and TLS settings, as Confluent's clients name
     *     them ({@code basic.auth.user.info}, {@code schema.registry.ssl.*}, ...), may be empty
     * @param history settings of the history index ({@link HistoryConfig} keys); empty leaves the
     *     history API ({@code /api/v1/events}, {@code /api/v1/components/{c}/versions}) off
     * @param replayRetention how long a finished replay stays on {@code rewind.control} (and in the replay
     *     list) after its last activity before it is tombstoned
     * @param https the listener's TLS key store; null serves plain HTTP
     */
    public record Options(String bootstrapServers, String registryUrl, String host, int port, AccessTokens tokens,
            Duration maxWindow, RouteTiming routeTiming, Map<String, Object> clientConfig,
            Map<String, Object> registryConfig, Map<String, Object> history, Duration replayRetention,
            HttpsListener https) {

        /** The default longest replay window. */
        public static final Duration DEFAULT_MAX_WINDOW = Duration.ofHours(24);
        /** The default bind address: loopback, this machine only. */
        public static final String LOOPBACK = "127.0.0.1";

        /** Validates. */
        public Options {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers is required, e.g. localhost:9092");
            }
            if (registryUrl == null || registryUrl.isBlank()) {
                throw new IllegalArgumentException("registryUrl is required, e.g. http://localhost:8081");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host is required: " + LOOPBACK + " for this machine only,"
                        + " 0.0.0.0 for every interface");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
            }
            Objects.requireNonNull(tokens, "tokens");
            if (maxWindow == null || maxWindow.isNegative() || maxWindow.isZero()) {
                throw new IllegalArgumentException("maxWindow must be positive, was " + maxWindow);
            }
            Objects.requireNonNull(routeTiming, "routeTiming");
            clientConfig = Map.copyOf(clientConfig);
            List<ClientConfigProblem> problems = ClientSettings.of(clientConfig).problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Kafka client settings of the replay service: " + problems);
            }
            registryConfig = registryConfig == null ? Map.of() : Map.copyOf(registryConfig);
            history = history == null ? Map.of() : Map.copyOf(history);
            replayRetention = replayRetention == null ? ControlRetention.DEFAULT_RETENTION : replayRetention;
            if (replayRetention.isNegative()) {
                throw new IllegalArgumentException("replayRetention must not be negative, was " + replayRetention);
            }
        }

        /** Open access, a free port, the default window limit and route timing. */
        public static Options of(String bootstrapServers, String registryUrl) {
            return builder(bootstrapServers, registryUrl).build();
        }

        /** A builder starting from {@link #of}'s defaults. */
        public static Builder builder(String bootstrapServers, String registryUrl) {
            return new Builder(bootstrapServers, registryUrl);
        }

        /** A builder starting from these options. */
        public Builder toBuilder() {
            return new Builder(bootstrapServers, registryUrl).host(host).port(port).tokens(tokens)
                    .maxWindow(maxWindow).routeTiming(routeTiming).clientConfig(clientConfig)
                    .registryConfig(registryConfig).history(history).replayRetention(replayRetention).https(https);
        }

        /** Builds {@link Options}; {@link #build()} validates. Not thread-safe. */
        public static final class Builder {
            private final String bootstrapServers;
            private final String registryUrl;
            private String host = LOOPBACK;
            private int port;
            private AccessTokens tokens = AccessTokens.open();
            private Duration maxWindow = DEFAULT_MAX_WINDOW;
            private RouteTiming routeTiming = RouteTiming.DEFAULTS;
            private Map<String, Object> clientConfig = Map.of();
            private Map<String, Object> registryConfig = Map.of();
            private Map<String, Object> history = Map.of();
            private Duration replayRetention = ControlRetention.DEFAULT_RETENTION;
            private HttpsListener https;

            private Builder(String bootstrapServers, String registryUrl) {
                this.bootstrapServers = bootstrapServers;
                this.registryUrl = registryUrl;
            }

            /** The bind address; default {@link #LOOPBACK}, {@code 0.0.0.0} for every interface. */
            public Builder host(String value) {
                host = value;
                return this;
            }

            /** The registry client's credentials and TLS settings (Confluent's names); default none. */
            public Builder registryConfig(Map<String, Object> value) {
                registryConfig = value;
                return this;
            }

            /** HTTP port; 0 (the default) picks a free one. */
            public Builder port(int value) {
                port = value;
                return this;
            }

            /** Bearer tokens; default open access. */
            public Builder tokens(AccessTokens value) {
                tokens = value;
                return this;
            }

            /** The longest replay window accepted; default {@link #DEFAULT_MAX_WINDOW}. */
            public Builder maxWindow(Duration value) {
                maxWindow = value;
                return this;
            }

            /** Route timing rules, the same as every engine instance uses. */
            public Builder routeTiming(RouteTiming value) {
                routeTiming = value;
                return this;
            }

            /** Further Kafka client settings (security, ...) for every client of the service but the index. */
            public Builder clientConfig(Map<String, Object> value) {
                clientConfig = value;
                return this;
            }

            /** History index settings (see {@link HistoryConfig}); bootstrap and registry are added. */
            public Builder history(Map<String, Object> value) {
                history = value;
                return this;
            }

            /**
             * How long a finished replay stays on {@code rewind.control} (and in the replay list) after its last
             * activity before it is tombstoned; default {@link ControlRetention#DEFAULT_RETENTION}.
             */
            public Builder replayRetention(Duration value) {
                replayRetention = value;
                return this;
            }

            /** Serves HTTPS with this key store instead of HTTP; default null (HTTP). */
            public Builder https(HttpsListener value) {
                https = value;
                return this;
            }

            /**
             * The options.
             *
             * @throws IllegalArgumentException naming the setting that is wrong
             */
            public Options build() {
                return new Options(bootstrapServers, registryUrl, host, port, tokens, maxWindow, routeTiming,
                        clientConfig, registryConfig, history, replayRetention, https);
            }
        }

        /** The Kafka client settings every client of the service is built from. */
        ClientSettings clients() {
            Map<String, Object> config = new java.util.HashMap<>(clientConfig);
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return ClientSettings.of(config);
        }

        /** {@code schema.registry.url} with the registry client's credentials and TLS settings. */
        Map<String, Object> registryClientConfig() {
            return RegistryCredentials.clientConfig(registryUrl, registryConfig);
        }
    }

    private ReplayToolServer(Javalin app, Deque<AutoCloseable> resources, String host, boolean https) {
        this.https = https;
        this.app = app;
        this.resources = resources;
        this.host = host;
    }

    /** Connects to Kafka, reads the control and route topics and opens the HTTP port. */
    public static ReplayToolServer start(Options options) {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            Clock clock = Clock.systemUTC();
            ClientSettings clients = options.clients();
            Map<String, Object> registry = options.registryClientConfig();
            RegistryAccess.verify(new AvroSerdeConfig(registry).createRegistryClient(), options.registryUrl());
            Admin admin = push(resources, Admin.create(clients.config(ClientRole.ADMIN, CLIENT_ID + "-admin")));
            ControlTopic control = push(resources, ControlTopic.start(clients, registry));
            control.awaitCaughtUp(Duration.ofSeconds(60));
            RouteLog routeLog = push(resources, RouteLog.start(RouteLog.Options.of(
                    clients.readerConfig(CLIENT_ID + "-routes-reader")).withTiming(options.routeTiming())));
            RoutePublisher publisher = push(resources, RoutePublisher.create(
                    clients.idempotentProducerConfig(CLIENT_ID + "-routes-writer"), RouteLog.Options.DEFAULT_TOPIC,
                    options.routeTiming(), clock));
            agreeOnTiming(routeLog, publisher, options.routeTiming());
            AuditLog audit = push(resources, AuditLog.start(admin, clients, registry, clock));
            audit.awaitCaughtUp(Duration.ofSeconds(60));
            RouteService routes = new RouteService(routeLog, publisher, options.routeTiming(), audit, clock);
            ComponentCatalog catalog = new ComponentCatalog(admin, routes::versionsNamed);
            ReplayService replays = new ReplayService(control, catalog,
                    new ReplayValidator(catalog, options.maxWindow()),
                    new ReplayRouteOverrides(routeLog, publisher, routes, audit), audit, clock);
            push(resources, new ControlRetention(control, replays::isFinished, options.replayRetention(), clock)
                    .schedule(RETENTION_SWEEP_INTERVAL));
            ObjectMapper mapper = Json.mapper();
            Javalin app = HttpApi.create(mapper, new AccessControl(options.tokens()), options.https(),
                    options.host(), options.port());
            new ReplayHandlers(replays, mapper).register(app);
            new RouteHandlers(routes, mapper).register(app);
            new ComponentHandlers(catalog, routes::components).register(app);
            new AuditHandlers(audit).register(app);
            new ShadowHandlers(push(resources, new ShadowRuns(audit, clock, ShadowRuns.LEASE)), mapper).register(app);
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            app.get(METRICS_PATH, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            HistoryHandlers history = null;
            RolloutStats rolloutStats = null;
            if (!options.history().isEmpty()) {
                history = startHistory(options, clients, admin, mapper, metrics, routes, catalog, resources,
                        version -> control.pausedPartitions(version, clock.instant()));
                history.register(app);
                rolloutStats = new HistoryRolloutStats(history.index());
            }
            RolloutLog rolloutLog = push(resources, RolloutLog.start(admin, clients, registry));
            rolloutLog.awaitCaughtUp(Duration.ofSeconds(60));
            RolloutService rollouts = new RolloutService(rolloutLog, routes,
                    new ReplayValidator(catalog, options.maxWindow()), audit, rolloutStats, clock);
            push(resources, RolloutDriver.start(rollouts, replays, clock, ROLLOUT_TICK));
            new RolloutHandlers(rollouts, mapper).register(app);
            new DlqHandlers(new DlqService(clients.readerConfig(CLIENT_ID + "-dlq-reader"), registry, catalog,
                    replays, history == null ? null : history::history), mapper).register(app);
            if (options.https() == null) {
                app.start(options.host(), options.port());
            } else {
                app.start();
            }
            LOGGER.atInfo().addKeyValue("host", options.host()).addKeyValue("port", app.port())
                    .addKeyValue("tls", options.https() != null)
                    .addKeyValue("open", options.tokens().isOpen())
                    .log("Replay service started");
            return new ReplayToolServer(app, resources, options.host(), options.https() != null);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw KafkaAccessDenied.explain(e, Rejection.KAFKA_ACCESS);
        }
    }

    /** Refuses to serve with a route timing other than the installation's ({@link RouteTimingAgreement}). */
    private static void agreeOnTiming(RouteLog routeLog, RoutePublisher publisher, RouteTiming timing) {
        try {
            RouteTimingAgreement.verify(routeLog, timing, () -> publisher.recordTiming(CLIENT_ID),
                    Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the installation's route timing", e);
        }
    }

    private static HistoryHandlers startHistory(Options options, ClientSettings clients, Admin admin,
            ObjectMapper mapper, PrometheusMeterRegistry metrics, RouteService routes, ComponentCatalog catalog,
            Deque<AutoCloseable> resources,
            java.util.function.Function<ComponentVersion, java.util.List<PausedPartitionView>> pausedPartitions) {
        // the service's client and registry settings reach the index; history.streams.* ones override them
        Map<String, Object> settings = new java.util.HashMap<>(options.clientConfig());
        settings.putAll(options.registryConfig());
        settings.putAll(options.history());
        settings.putIfAbsent(HistoryConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        settings.putIfAbsent(HistoryConfig.SCHEMA_REGISTRY_URL_CONFIG, options.registryUrl());
        HistoryIndex index = push(resources, HistoryIndex.start(new HistoryConfig(settings)));
        push(resources, index.bindMetrics(metrics));
        HistoryConfig historyConfig = new HistoryConfig(settings);
        IngestTopics topics = new IngestTopics(admin, historyConfig.sourcePattern(),
                () -> componentSourceTopics(catalog, routes));
        EventIngestor ingestor = push(resources, new EventIngestor(
                clients.idempotentProducerConfig(CLIENT_ID + "-ingest"), index.registry(), topics));
        return new HistoryHandlers(index, ingestor, catalog, mapper, component -> routedCohorts(routes, component),
                pausedPartitions);
    }

    /** The topics the consumer groups of every known component consume. */
    private static Set<String> componentSourceTopics(ComponentCatalog catalog, RouteService routes) {
        Set<String> topics = new java.util.HashSet<>();
        catalog.components(routes.components()).keySet()
                .forEach(component -> catalog.componentPartitions(component).forEach(tp -> topics.add(tp.topic())));
        return topics;
    }

    /** Every route of the component (scheduled ones too) by the version it leads to now or when it takes effect. */
    private static Map<String, java.util.List<dev.rewind.api.events.RoutedCohort>> routedCohorts(RouteService routes,
            String component) {
        Map<String, String> channelVersions = new java.util.HashMap<>();
        routes.channels(component).forEach(c -> channelVersions.put(c.channel(), c.version()));
        Map<String, java.util.List<dev.rewind.api.events.RoutedCohort>> byVersion = new java.util.TreeMap<>();
        for (dev.rewind.api.routes.RouteView r : routes.routes(component)) {
            boolean channel = "channel".equals(r.targetKind());
            String version = channel ? channelVersions.get(r.target()) : "version".equals(r.targetKind()) ? r.target()
                    : null;
            if (version != null) {
                byVersion.computeIfAbsent(version, v -> new java.util.ArrayList<>()).add(
                        new dev.rewind.api.events.RoutedCohort(r.selector(), channel ? r.target() : null, r.effectiveFrom()));
            }
        }
        return byVersion;
    }

    /** The HTTP port actually bound. */
    public int port() {
        return app.port();
    }

    /**
     * The base URL, e.g. {@code http://127.0.0.1:8080} ({@code https://} with TLS); {@code localhost} when bound to
     * every interface.
     */
    public String url() {
        String host = "0.0.0.0".equals(this.host) || "::".equals(this.host) ? "localhost"
                : this.host.contains(":") ? "[" + this.host + "]" : this.host;
        return (https ? "https://" : "http://") + host + ":" + port();
    }

    /** Stops the HTTP server, then the Kafka clients. */
    @Override
    public void close() {
        app.stop();
        closeAll(resources);
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> resources, T resource) {
        resources.push(resource);
        return resource;
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOGGER.atWarn().setCause(e).log("Failed to close a resource");
            }
        }
    }

    /** Runs the service until the process is stopped; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(ServeCommand.commandLine().execute(args)); // rewind serve without the CLI around it
    }
}

package dev.rewind.replaytool;

import dev.rewind.clients.acl.KafkaAccessDenied;
import dev.rewind.clients.ClientConfigProblem;
import dev.rewind.clients.ClientSettings;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.control.ControlRetention;
import dev.rewind.replaytool.history.HistoryConfig;
import dev.rewind.replaytool.http.HttpsListener;
import dev.rewind.replaytool.internal.Resources;
import dev.rewind.replaytool.internal.ServiceAssembly;
import dev.rewind.schemas.registry.RegistryAccess;
import dev.rewind.schemas.registry.RegistryCredentials;
import dev.rewind.schemas.serde.AvroSerdeConfig;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
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

    private final Javalin app;
    private final Resources resources;
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
            Map<String, Object> config = new HashMap<>(clientConfig);
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return ClientSettings.of(config);
        }

        /** {@code schema.registry.url} with the registry client's credentials and TLS settings. */
        Map<String, Object> registryClientConfig() {
            return RegistryCredentials.clientConfig(registryUrl, registryConfig);
        }
    }

    private ReplayToolServer(Javalin app, Resources resources, String host, boolean https) {
        this.https = https;
        this.app = app;
        this.resources = resources;
        this.host = host;
    }

    /** Connects to Kafka, reads the control and route topics and opens the HTTP port. */
    public static ReplayToolServer start(Options options) {
        Resources resources = new Resources();
        try {
            Map<String, Object> registry = options.registryClientConfig();
            RegistryAccess.verify(new AvroSerdeConfig(registry).createRegistryClient(), options.registryUrl());
            Javalin app = ServiceAssembly.assemble(options, options.clients(), registry, resources);
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
            resources.close();
            throw KafkaAccessDenied.explain(e, Rejection.KAFKA_ACCESS);
        }
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
        resources.close();
    }

    /** Runs the service until the process is stopped; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(ServeCommand.commandLine().execute(args)); // rewind serve without the CLI around it
    }
}

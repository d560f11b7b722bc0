package dev.rewind.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.rewind.clients.ClientSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.registry.internal.SchemaRegistryService;
import dev.rewind.registry.internal.http.RegistryHttpServer;
import dev.rewind.registry.internal.store.KafkaSchemaLog;
import dev.rewind.registry.internal.store.SchemaStore;

/**
 * A Confluent-compatible schema registry (REST protocol, error codes, Avro compatibility levels) that keeps its
 * state in a compacted Kafka topic ({@code _schemas} by default).
 *
 * <p><b>Lifecycle.</b> {@link #start} creates the topic when missing, reads it to the end, and only then
 * serves HTTP; it returns a running server. {@link #close} stops serving and releases the Kafka clients. A
 * server is not restartable: start a new one on the same topic, and it serves the same subjects, versions and
 * ids.
 *
 * <p><b>Guarantees.</b> A write (register, delete, config, mode) is answered only once it is durable in the
 * topic ({@code acks=all}) and applied locally, so the writer reads its own writes. Ids are never reused, not
 * even after a permanent delete. Another instance on the same topic picks up changes as it reads the topic;
 * a read that misses first catches up with the topic, so it serves ids just registered elsewhere.
 *
 * <p><b>Several instances.</b> Any number of instances may serve reads and take writes on one topic. Each
 * write is a Kafka transaction under one {@code transactional.id} per topic: beginning it fences the write of
 * any other instance, and it is decided on the topic read to its end after that, so no id or version is ever
 * handed out twice (a fenced write is decided again). This needs brokers that support transactions
 * ({@code transaction.state.log.replication.factor} no larger than the number of brokers). Writes are not
 * forwarded to a leader as Confluent does; none is needed.
 *
 * <p><b>Not supported:</b> schema types other than AVRO, schema references, contexts, per-subject modes,
 * IMPORT mode, bearer (OAuth) authentication, TLS (put a TLS-terminating proxy or a Kubernetes ingress in front).
 *
 * <p><b>Access.</b> Without {@link Options#authentication()} anyone who reaches the port may register, change
 * compatibility and delete, so the default bind address is loopback. With it, HTTP basic authentication with a
 * read-only and a write role ({@link BasicAuthentication}).
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(60);

    private final SchemaStore store;
    private final RegistryHttpServer http;
    private final String host;

    private SchemaRegistryServer(SchemaStore store, RegistryHttpServer http, String host) {
        this.host = host;
        this.store = store;
        this.http = http;
    }

    /**
     * Starts a registry.
     *
     * @throws IllegalStateException when the topic cannot be created, read or is not usable (e.g. has more
     *                               than one partition), or the port is taken
     */
    public static SchemaRegistryServer start(Options options) {
        Map<String, Object> clientConfig = new HashMap<>(options.kafkaConfig());
        clientConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        SchemaStore store;
        try {
            store = new SchemaStore(new KafkaSchemaLog(clientConfig, options.topic(), STORE_TIMEOUT),
                    STORE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open the schema registry's topic '" + options.topic()
                    + "' on " + options.bootstrapServers() + ": " + e.getMessage(), e);
        }
        try {
            store.start();
            RegistryHttpServer http = RegistryHttpServer.start(new SchemaRegistryService(store), options.host(),
                    options.port(), options.authentication());
            LOGGER.atInfo().addKeyValue("topic", options.topic()).addKeyValue("port", http.port())
                    .addKeyValue("authentication", options.authentication().isPresent() ? "basic" : "none")
                    .log("Schema registry started");
            return new SchemaRegistryServer(store, http, options.host());
        } catch (RuntimeException e) {
            store.close();
            throw new IllegalStateException("Cannot start the schema registry on port " + options.port() + " with"
                    + " topic '" + options.topic() + "': " + e.getMessage(), e);
        }
    }

    /**
     * The base URL clients on this machine use, e.g. {@code http://127.0.0.1:8081}: the bound address, or
     * {@code localhost} when bound to every interface.
     */
    public String url() {
        String bound = host;
        String shown = "0.0.0.0".equals(bound) || "::".equals(bound) ? "localhost"
                : bound.contains(":") ? "[" + bound + "]" : bound;
        return "http://" + shown + ":" + port();
    }

    /** The port the server listens on (the one chosen when {@link Options#port()} was 0). */
    public int port() {
        return http.port();
    }

    /** Stops serving and closes the Kafka clients; idempotent in effect. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            store.close();
        }
    }

    /**
     * How to start a registry.
     *
     * @param bootstrapServers the Kafka cluster holding the topic
     * @param host             the address the HTTP server binds to: {@value #LOOPBACK} (this machine only) unless
     *                         told otherwise, {@code 0.0.0.0} for every interface
     * @param port             the HTTP port; 0 picks a free one
     * @param topic            the topic storing the registry's state; null means {@value #DEFAULT_TOPIC}
     * @param kafkaConfig      further Kafka client settings for the store, e.g. {@code security.protocol};
     *                         null means none
     * @param authentication   HTTP basic authentication of the REST API; empty (or null) means none
     */
    public record Options(String bootstrapServers, String host, int port, String topic,
            Map<String, String> kafkaConfig, Optional<BasicAuthentication> authentication) {

        public static final String DEFAULT_TOPIC = "_schemas";
        /** The default bind address: loopback, this machine only. */
        public static final String LOOPBACK = "127.0.0.1";

        public Options {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers is required, e.g. localhost:9092");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host is required: " + LOOPBACK + " for this machine only,"
                        + " 0.0.0.0 for every interface");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 (any free port) and 65535; got " + port);
            }
            topic = topic == null ? DEFAULT_TOPIC : topic;
            try {
                Topic.validate(topic);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("topic '" + topic + "' is not a valid Kafka topic name: "
                        + e.getMessage(), e);
            }
            kafkaConfig = kafkaConfig == null ? Map.of() : Map.copyOf(kafkaConfig);
            var problems = ClientSettings.of(kafkaConfig).problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Kafka client settings of the schema registry: " + problems);
            }
            authentication = authentication == null ? Optional.empty() : authentication;
        }

        /** Options without authentication. */
        public Options(String bootstrapServers, String host, int port, String topic, Map<String, String> kafkaConfig) {
            this(bootstrapServers, host, port, topic, kafkaConfig, Optional.empty());
        }

        /** Options listening on {@value #LOOPBACK}. */
        public Options(String bootstrapServers, int port, String topic, Map<String, String> kafkaConfig) {
            this(bootstrapServers, LOOPBACK, port, topic, kafkaConfig);
        }

        /** Options without further Kafka client settings. */
        public Options(String bootstrapServers, int port, String topic) {
            this(bootstrapServers, port, topic, Map.of());
        }

        /** A registry on a free port using {@value #DEFAULT_TOPIC}. */
        public static Options of(String bootstrapServers) {
            return new Options(bootstrapServers, 0, DEFAULT_TOPIC);
        }

        public Options withHost(String newHost) {
            return new Options(bootstrapServers, newHost, port, topic, kafkaConfig, authentication);
        }

        public Options withPort(int newPort) {
            return new Options(bootstrapServers, host, newPort, topic, kafkaConfig, authentication);
        }

        public Options withTopic(String newTopic) {
            return new Options(bootstrapServers, host, port, newTopic, kafkaConfig, authentication);
        }

        public Options withKafkaConfig(Map<String, String> newKafkaConfig) {
            return new Options(bootstrapServers, host, port, topic, newKafkaConfig, authentication);
        }

        /** These options with HTTP basic authentication. */
        public Options withAuthentication(BasicAuthentication newAuthentication) {
            return new Options(bootstrapServers, host, port, topic, kafkaConfig, Optional.of(newAuthentication));
        }
    }
}

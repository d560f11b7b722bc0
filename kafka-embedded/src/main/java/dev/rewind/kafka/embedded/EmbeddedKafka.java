package dev.rewind.kafka.embedded;

import dev.rewind.kafka.embedded.internal.BrokerConfig;
import dev.rewind.kafka.embedded.internal.DataDirectory;
import dev.rewind.kafka.embedded.internal.FreePort;
import dev.rewind.kafka.embedded.internal.ListenerSecurity;
import dev.rewind.kafka.embedded.internal.ScramUsers;
import dev.rewind.kafka.embedded.internal.StorageFormatter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside this JVM: one KRaft node that is both broker and
 * controller ({@code process.roles=broker,controller}), listening on {@code localhost}; its client
 * listener is PLAINTEXT or secured with SASL/SCRAM, TLS and ACLs ({@link BrokerSecurity}).
 *
 * <p>Lifecycle: {@link #start(Options)} formats the data directory if it has never been formatted,
 * starts the node and returns once the broker answers an {@code Admin#describeCluster} call.
 * {@link #close()} shuts the node down, waits for it and, for a temporary data directory, deletes
 * it. A kept data directory ({@link Options#keptIn(Path)}) keeps the cluster id, topics, records
 * and committed offsets, so starting again on it continues where the last run stopped.
 *
 * <p>Defaults suit a single broker: the internal topics (consumer offsets, transaction state,
 * share-group state) use replication factor 1 and min.insync.replicas 1, so consumer groups and
 * transactions work; the initial group rebalance delay is 0. Topic auto-creation stays at Kafka's
 * default (enabled); tests should still create their topics explicitly. Any broker property except
 * those this class owns (see {@link Options}) can be overridden with
 * {@link Options#brokerProperties()}.
 *
 * <p>Thread safety: {@link #close()} may be called from any thread and more than once.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final KafkaRaftServer server;
    private final DataDirectory dataDirectory;
    private final String bootstrapServers;
    private final String clusterId;
    private final int port;
    private final BrokerSecurity security;
    private final ListenerSecurity listenerSecurity;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, DataDirectory dataDirectory, String clusterId, int port,
            BrokerSecurity security, ListenerSecurity listenerSecurity) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.clusterId = clusterId;
        this.port = port;
        this.security = security;
        this.listenerSecurity = listenerSecurity;
        this.bootstrapServers = "localhost:" + port;
    }

    /**
     * Starts a broker and returns once it serves clients.
     *
     * @throws IllegalStateException when the broker does not start or does not answer in time; the
     *     partly started broker is shut down and a temporary data directory deleted
     */
    public static EmbeddedKafka start(Options options) {
        Objects.requireNonNull(options, "options");
        DataDirectory dataDirectory = DataDirectory.of(options.dataDir());
        KafkaRaftServer server = null;
        try {
            int port = options.port() == 0 ? FreePort.find() : options.port();
            int controllerPort = FreePort.find(port);
            BrokerSecurity security = options.security();
            ListenerSecurity listenerSecurity = new ListenerSecurity(security, dataDirectory.root().resolve("tls"));
            Map<String, String> properties = BrokerConfig.properties(dataDirectory.logDir(), port, controllerPort,
                    security.listenerName(), security.protocol().name, listenerSecurity.brokerProperties(),
                    options.brokerProperties());
            KafkaConfig config = new KafkaConfig(properties);
            String clusterId = StorageFormatter.formatIfNeeded(dataDirectory, properties,
                    listenerSecurity.formatArguments());
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, dataDirectory, clusterId, port, security,
                    listenerSecurity);
            kafka.awaitReady();
            LOGGER.atInfo().setMessage("Embedded Kafka started")
                    .addKeyValue("bootstrapServers", kafka.bootstrapServers)
                    .addKeyValue("clusterId", clusterId)
                    .addKeyValue("securityProtocol", security.protocol())
                    .addKeyValue("dataDir", dataDirectory.root())
                    .log();
            return kafka;
        } catch (RuntimeException | IOException e) {
            stopQuietly(server);
            dataDirectory.deleteIfTemporary();
            throw new IllegalStateException("Embedded Kafka did not start in " + dataDirectory.root()
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port} of the broker's plaintext listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The port of the broker's client listener. */
    public int port() {
        return port;
    }

    /** How the client listener is secured. */
    public BrokerSecurity security() {
        return security;
    }

    /**
     * A new mutable map with {@code bootstrap.servers} and the settings that authenticate as the
     * super user ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}; none for PLAINTEXT).
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(listenerSecurity.superUserClientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /**
     * A new mutable map with {@code bootstrap.servers} and the settings that authenticate as
     * principal {@code User:<user>}, which can do nothing until ACLs allow it. For SASL the user's
     * SCRAM-SHA-512 credential (password {@code <user>-secret}) is created or reset first; for SSL a
     * certificate for {@code CN=<user>} is issued. For PLAINTEXT: just {@code bootstrap.servers}.
     *
     * @throws IllegalStateException when the credential cannot be created
     */
    public Map<String, Object> clientConfigFor(String user) {
        String password = user + "-secret";
        if (security.sasl()) {
            ScramUsers.upsert(clientConfig(), user, password);
        }
        Map<String, Object> config = new HashMap<>(listenerSecurity.clientProperties(user, password));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** The cluster id written when the data directory was formatted; stable across restarts on a kept directory. */
    public String clusterId() {
        return clusterId;
    }

    /** The data directory: the kept one given in the options, or the temporary one. */
    public Path dataDir() {
        return dataDirectory.root();
    }

    /** Shuts the broker down cleanly and waits for it; deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(server);
        dataDirectory.deleteIfTemporary();
        LOGGER.atInfo().setMessage("Embedded Kafka stopped").addKeyValue("bootstrapServers", bootstrapServers).log();
    }

    private static void stopQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOGGER.atWarn().setMessage("Embedded Kafka did not shut down cleanly").setCause(e).log();
        }
    }

    private void awaitReady() {
        Map<String, Object> config = clientConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
                            .nodes().get().size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker at " + bootstrapServers + " did not answer within "
                                + READY_TIMEOUT, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker at " + bootstrapServers + " reported no nodes within "
                            + READY_TIMEOUT);
                }
            }
        }
    }

    /**
     * How to start an {@link EmbeddedKafka}.
     *
     * @param dataDir where the broker keeps its data across restarts; {@code null} for a temporary
     *     directory that {@link EmbeddedKafka#close()} deletes
     * @param port the plaintext listener port, {@code 0} for a free one (a restart on a kept
     *     directory then gets a new port)
     * @param brokerProperties broker settings that override the defaults; must not set the keys
     *     this class owns ({@link #RESERVED_PROPERTIES})
     * @param security how the client listener is secured; a kept data directory must be started
     *     with the same security each time (the super user's SCRAM credential is written when it is
     *     formatted)
     */
    public record Options(Path dataDir, int port, Map<String, String> brokerProperties, BrokerSecurity security) {

        /** Broker settings that define the node, its listeners and its storage; they cannot be overridden. */
        public static final Set<String> RESERVED_PROPERTIES = BrokerConfig.RESERVED;

        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port
                        + " is not a TCP port; use 0 for a free port or a value between 1 and 65535");
            }
            Objects.requireNonNull(brokerProperties, "brokerProperties must not be null; use Map.of() for none");
            for (Map.Entry<String, String> entry : brokerProperties.entrySet()) {
                Objects.requireNonNull(entry.getKey(), "brokerProperties must not contain a null key");
                if (entry.getValue() == null) {
                    throw new IllegalArgumentException("broker property " + entry.getKey()
                            + " has a null value; remove it to keep the default");
                }
                if (RESERVED_PROPERTIES.contains(entry.getKey())) {
                    throw new IllegalArgumentException("broker property " + entry.getKey() + "=" + entry.getValue()
                            + " is set by EmbeddedKafka itself; use Options.dataDir/port instead or remove it");
                }
            }
            brokerProperties = Map.copyOf(brokerProperties);
            Objects.requireNonNull(security, "security must not be null; use BrokerSecurity.plaintext() for none");
        }

        /** The options of a PLAINTEXT broker. */
        public Options(Path dataDir, int port, Map<String, String> brokerProperties) {
            this(dataDir, port, brokerProperties, BrokerSecurity.plaintext());
        }

        /** A temporary data directory deleted on close, a free port, no overrides. */
        public static Options defaults() {
            return new Options(null, 0, Map.of());
        }

        /** Data kept in {@code dataDir} across restarts (created if missing), a free port, no overrides. */
        public static Options keptIn(Path dataDir) {
            return new Options(Objects.requireNonNull(dataDir, "dataDir"), 0, Map.of());
        }

        /** These options with the given listener port ({@code 0} = free). */
        public Options withPort(int newPort) {
            return new Options(dataDir, newPort, brokerProperties, security);
        }

        /** These options with the client listener secured as given. */
        public Options withSecurity(BrokerSecurity newSecurity) {
            return new Options(dataDir, port, brokerProperties, newSecurity);
        }

        /** These options with one more broker property override. */
        public Options withBrokerProperty(String key, String value) {
            Map<String, String> merged = new HashMap<>(brokerProperties);
            merged.put(key, value);
            return new Options(dataDir, port, merged, security);
        }
    }
}

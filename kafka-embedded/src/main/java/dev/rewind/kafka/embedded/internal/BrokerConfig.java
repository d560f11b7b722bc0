package dev.rewind.kafka.embedded.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The broker properties of a single combined KRaft node on localhost. */
public final class BrokerConfig {

    /** The node id of the single embedded node. */
    public static final int NODE_ID = 1;

    /** Keys that define the node, its listeners and its storage; overriding them would break the node. */
    public static final Set<String> RESERVED = Set.of(
            "process.roles", "node.id", "log.dirs", "log.dir", "metadata.log.dir", "listeners",
            "advertised.listeners", "listener.security.protocol.map", "controller.listener.names",
            "inter.broker.listener.name", "controller.quorum.voters", "controller.quorum.bootstrap.servers");

    private BrokerConfig() {
    }

    public static Map<String, String> properties(Path logDir, int port, int controllerPort,
            Map<String, String> overrides) {
        return properties(logDir, port, controllerPort, "PLAINTEXT", "PLAINTEXT", Map.of(), overrides);
    }

    /**
     * The properties of a node whose client (and inter-broker) listener is named {@code listener}
     * and speaks {@code securityProtocol}; {@code security} adds what that protocol needs and
     * {@code overrides} win over everything but the reserved keys.
     */
    public static Map<String, String> properties(Path logDir, int port, int controllerPort, String listener,
            String securityProtocol, Map<String, String> security, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // Static voters: the controller port may change between restarts of a kept directory,
        // which a dynamic quorum (whose voter endpoints live in the metadata log) would not allow.
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", listener + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", listener + "://localhost:" + port);
        p.put("listener.security.protocol.map", listener + ":" + securityProtocol + ",CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", listener);
        p.put("log.dirs", logDir.toString());
        p.putAll(singleBrokerDefaults());
        p.putAll(security);
        p.putAll(overrides);
        return p;
    }

    /** Settings that let consumer groups, transactions and share groups work on one broker. */
    public static Map<String, String> singleBrokerDefaults() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(lightweightDefaults());
        return p;
    }

    /**
     * Settings that keep an in-JVM broker light: fewer internal-topic partitions (each costs files
     * and start-up time) and a small log-cleaner buffer (the default allocates 128 MiB of heap).
     */
    public static Map<String, String> lightweightDefaults() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        p.put("num.partitions", "1");
        return p;
    }
}

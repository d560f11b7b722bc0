package dev.rewind.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/**
 * A real Kafka Connect worker in distributed mode, started in the test JVM as
 * {@code connect-distributed.sh} would start it, and driven only through its REST API. Workers of
 * the same {@code group} share their config, offset and status topics: a new worker of the group
 * picks up the connectors and committed offsets of one that stopped.
 */
final class ConnectWorker implements AutoCloseable {

    /** Where failsafe's configuration puts the assembled plugin directories. */
    static final String PLUGIN_PATH = System.getProperty("rewind.connect.plugin.path", "target/connect-plugins");

    private final Connect<DistributedHerder> connect;
    private final ConnectRest rest;

    private ConnectWorker(Connect<DistributedHerder> connect) {
        this.connect = connect;
        this.rest = new ConnectRest(connect.rest().serverUrl());
    }

    /** Worker settings for {@code group}, with Avro values through rewind's converter. */
    static Map<String, String> settings(String bootstrapServers, String group, String registryUrl) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", group);
        props.put("config.storage.topic", group + ".configs");
        props.put("offset.storage.topic", group + ".offsets");
        props.put("status.storage.topic", group + ".status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "3");
        props.put("status.storage.partitions", "1");
        props.put("offset.flush.interval.ms", "500");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.path", PLUGIN_PATH);
        // KIP-898: find plugins by their ServiceLoader manifests instead of scanning every class (minutes here)
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "dev.rewind.connect.avro.AvroConverter");
        props.put("value.converter.schema.registry.url", registryUrl);
        props.put("scheduled.rebalance.max.delay.ms", "1000");
        props.put("connector.client.config.override.policy", "All");
        return props;
    }

    static ConnectWorker start(Map<String, String> settings) {
        return new ConnectWorker(new ConnectDistributed().startConnect(settings));
    }

    JsonNode get(String path) {
        return rest.get(path);
    }

    JsonNode put(String path, Map<String, ?> body) {
        return rest.put(path, body);
    }

    JsonNode delete(String path) {
        return rest.delete(path);
    }

    /** Creates or updates a connector ({@code PUT /connectors/{name}/config}). */
    JsonNode configure(String name, Map<String, ?> config) {
        return rest.configure(name, config);
    }

    /** The connector's and its tasks' states, e.g. {@code RUNNING}; empty text while unknown. */
    String state(String name) {
        return rest.state(name);
    }

    /** Stops the worker as its shutdown hook would, leaving its topics for the next worker of the group. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}

package dev.rewind.kafka.junit.internal;

import dev.rewind.kafka.embedded.EmbeddedKafka;
import dev.rewind.kafka.embedded.internal.BrokerConfig;
import dev.rewind.kafka.embedded.internal.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@link EmbeddedKafka} broker. Its data lives in a directory of its own, kept while the
 * broker is stopped and restarted (on the same port, so clients reconnect) and deleted on close.
 */
public final class EmbeddedKafkaCluster extends ManagedCluster {

    private final Path dataDir;
    private final int port;
    private final int brokerId;
    private EmbeddedKafka kafka;

    private EmbeddedKafkaCluster(Path dataDir, EmbeddedKafka kafka) {
        this.dataDir = dataDir;
        this.kafka = kafka;
        this.port = kafka.port();
        this.brokerId = BrokerConfig.NODE_ID;
    }

    public static ManagedCluster start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("rewind-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the test broker", e);
        }
        return new EmbeddedKafkaCluster(dataDir, EmbeddedKafka.start(EmbeddedKafka.Options.keptIn(dataDir)));
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public List<Integer> brokerIds() {
        return List.of(brokerId);
    }

    @Override
    public synchronized void stopBroker(int id) {
        checkId(id);
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    @Override
    public synchronized void startBroker(int id) {
        checkId(id);
        if (kafka == null) {
            kafka = EmbeddedKafka.start(EmbeddedKafka.Options.keptIn(dataDir).withPort(port));
        }
    }

    @Override
    public void restartStoppedBrokers() {
        startBroker(brokerId);
    }

    @Override
    protected synchronized void stopAll() {
        try {
            if (kafka != null) {
                kafka.close();
                kafka = null;
            }
        } finally {
            DataDirectory.deleteRecursively(dataDir);
        }
    }

    private void checkId(int id) {
        if (id != brokerId) {
            throw new IllegalArgumentException("broker " + id + " is not in this cluster; its only broker is "
                    + brokerId);
        }
    }
}

package dev.rewind.kafka.junit.internal;

import dev.rewind.kafka.embedded.BrokerSecurity;
import dev.rewind.kafka.embedded.EmbeddedKafka;
import dev.rewind.kafka.embedded.internal.BrokerConfig;
import dev.rewind.kafka.embedded.internal.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * One {@link EmbeddedKafka} broker. Its data lives in a directory of its own, kept while the
 * broker is stopped and restarted (on the same port, so clients reconnect) and deleted on close.
 */
public final class EmbeddedKafkaCluster extends ManagedCluster {

    private final Path dataDir;
    private final int port;
    private final int brokerId;
    private final BrokerSecurity security;
    private EmbeddedKafka kafka;

    private EmbeddedKafkaCluster(Path dataDir, EmbeddedKafka kafka) {
        this.dataDir = dataDir;
        this.kafka = kafka;
        this.security = kafka.security();
        this.port = kafka.port();
        this.brokerId = BrokerConfig.NODE_ID;
    }

    public static ManagedCluster start() {
        return start(BrokerSecurity.plaintext());
    }

    /** One broker whose client listener is secured as given. */
    public static ManagedCluster start(BrokerSecurity security) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("rewind-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the test broker", e);
        }
        return new EmbeddedKafkaCluster(dataDir, EmbeddedKafka.start(EmbeddedKafka.Options.keptIn(dataDir)
                .withSecurity(security)));
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public synchronized Map<String, Object> clientConfig() {
        Map<String, Object> config = super.clientConfig();
        if (security.secured()) {
            config.putAll(running().clientConfig());
        }
        return config;
    }

    @Override
    public synchronized Map<String, Object> clientConfigFor(String user) {
        if (!security.secured()) {
            throw new UnsupportedOperationException("this cluster has no authentication; annotate the"
                    + " KafkaCluster parameter with @SecuredBy to get principals");
        }
        return running().clientConfigFor(user);
    }

    @Override
    public SecurityProtocol securityProtocol() {
        return security.protocol();
    }

    private EmbeddedKafka running() {
        if (kafka == null) {
            throw new IllegalStateException("the broker is stopped; start it before asking for client settings");
        }
        return kafka;
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
            kafka = EmbeddedKafka.start(EmbeddedKafka.Options.keptIn(dataDir).withPort(port).withSecurity(security));
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

package dev.rewind.local.internal;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Checks that an existing Kafka cluster answers before anything is started against it. */
public final class KafkaCheck {

    private static final int TIMEOUT_SECONDS = 15;

    private KafkaCheck() {
    }

    /**
     * @throws IllegalStateException naming the bootstrap servers and the fix, if the cluster does
     *     not answer within 15 s
     */
    public static void reachable(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000))) {
            admin.describeCluster().clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at --kafka " + bootstrapServers + " did not answer within "
                    + TIMEOUT_SECONDS + " s; check the address or leave --kafka out to use the embedded broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking Kafka at " + bootstrapServers, e);
        }
    }
}

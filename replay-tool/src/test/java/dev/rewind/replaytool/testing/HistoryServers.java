package dev.rewind.replaytool.testing;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.history.HistoryConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts the replay service with its history index over one source topic, for the service's end-to-end tests. */
public final class HistoryServers {

    private HistoryServers() {
    }

    /**
     * A replay service on {@code cluster} indexing {@code source} as application {@code applicationId}, its index
     * state under {@code stateDir/history} and a 200 ms commit interval; the caller closes it.
     */
    public static ReplayToolServer start(KafkaCluster cluster, String registryUrl, String source, String applicationId,
            Path stateDir) {
        return ReplayToolServer.start(ReplayToolServer.Options.builder(cluster.bootstrapServers(), registryUrl)
                .history(Map.of(HistoryConfig.SOURCE_TOPICS_CONFIG, source,
                        HistoryConfig.APPLICATION_ID_CONFIG, applicationId,
                        HistoryConfig.STATE_DIR_CONFIG, stateDir.resolve("history").toString(),
                        HistoryConfig.COMMIT_INTERVAL_MS_CONFIG, 200L)).build());
    }

    /**
     * History settings for an index over {@code source} (one partition, replication 1, state under {@code dir})
     * that authenticates as its own principal: {@code history.streams.*} overrides the service's client settings
     * with {@code principal}'s.
     */
    public static Map<String, Object> securedHistory(KafkaCluster cluster, String principal, String source,
                                                     String applicationId, Path dir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(HistoryConfig.SOURCE_TOPICS_CONFIG, source);
        settings.put(HistoryConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(HistoryConfig.STATE_DIR_CONFIG, dir.resolve("history").toString());
        settings.put(HistoryConfig.PARTITIONS_CONFIG, 1);
        settings.put(HistoryConfig.REPLICATION_FACTOR_CONFIG, 1);
        cluster.clientConfigFor(principal).forEach((key, value) -> {
            if (!key.equals("bootstrap.servers")) {
                settings.put(HistoryConfig.STREAMS_PREFIX + key, value);
            }
        });
        return settings;
    }
}

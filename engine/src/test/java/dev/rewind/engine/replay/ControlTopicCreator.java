package dev.rewind.engine.replay;

import dev.rewind.engine.replay.internal.ControlTopic;
import dev.rewind.kafka.junit.KafkaCluster;

/** Creates {@code rewind.control} the way engine instances do, before a test writes to it. */
final class ControlTopicCreator {

    private ControlTopicCreator() {
    }

    static void ensure(KafkaCluster cluster) {
        ControlTopic.ensureExists(cluster.clientConfig(), ControlLog.DEFAULT_TOPIC);
    }
}

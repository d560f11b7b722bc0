package dev.rewind.engine.replay;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.protocol.topics.RewindTopics;
import dev.rewind.protocol.topics.TopicAdmin;

/** Creates {@code rewind.control} as every process does, before a test writes to it. */
final class ControlTopicCreator {

    private ControlTopicCreator() {
    }

    static void ensure(KafkaCluster cluster) {
        TopicAdmin.ensure(cluster.admin(), RewindTopics.control());
    }
}

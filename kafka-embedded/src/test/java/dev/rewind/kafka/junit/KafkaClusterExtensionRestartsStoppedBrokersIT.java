package dev.rewind.kafka.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The two tests run in order: the first leaves its broker stopped, the second must find it running. */
@ExtendWith(KafkaClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaClusterExtensionRestartsStoppedBrokersIT {

    private static KafkaCluster first;

    @Test
    @Order(1)
    void aTestMayLeaveItsBrokerStopped(KafkaCluster cluster) {
        first = cluster;
        cluster.stopBroker(cluster.brokerIds().get(0));
    }

    @Test
    @Order(2)
    void theNextTestFindsTheSameClusterRunningAgain(KafkaCluster cluster) throws Exception {
        assertThat(cluster).isSameAs(first);
        assertThat(cluster.admin().describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
    }
}

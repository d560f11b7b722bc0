package dev.rewind.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaRegistryExtensionIT {

    private static SchemaRegistryServer first;

    @Test
    @Order(1)
    void injectsARegistryThatAnswersTheConfluentProtocol(SchemaRegistryServer registry) throws Exception {
        first = registry;
        HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body()).isEqualTo("[]");
    }

    @Test
    @Order(2)
    void sharesOneRegistryPerClassOnTheClassesCluster(SchemaRegistryServer registry, KafkaCluster cluster) {
        assertThat(registry).isSameAs(first);
        assertThat(cluster.brokerIds()).hasSize(1);
    }
}

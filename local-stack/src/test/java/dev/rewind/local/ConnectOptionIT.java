package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewind up --connect}: a Kafka Connect worker in a process of its own beside the stack, on the connectors
 * module's build, with rewind's plugins on its plugin path, delivering the demo's committed decisions (Avro, read by
 * rewind's converter from the embedded registry) to a file.
 */
class ConnectOptionIT {

    private static final Path CONNECTORS_TARGET =
            Path.of(System.getProperty("rewind.connectors.target", "../connectors/target"));

    @TempDir
    Path home;

    @Test
    void startsAWorkerBesideTheStackThatDeliversTheDemosDecisionsToAFile() throws Exception {
        LocalStackOptions options = LocalStackOptions.onFreePorts(home).withEventsPerSecond(50)
                .withConnect(ConnectOptions.builtIn(CONNECTORS_TARGET, 0));

        try (LocalStack stack = LocalStack.start(options)) {
            assertThat(stack.connectUrl()).isPresent();
            HttpResponse<String> plugins = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    stack.connectUrl().orElseThrow().resolve("connector-plugins?connectorsOnly=false")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plugins.body()).contains("dev.rewind.connect.avro.AvroConverter",
                    "dev.rewind.connect.transforms.InsertEventId", "dev.rewind.connect.transforms.InsertCohort");

            await().atMost(Duration.ofMinutes(3)).until(() -> lines(stack.decisionsFile()).size() >= 10);
            assertThat(lines(stack.decisionsFile())).allSatisfy(line -> assertThat(line).startsWith("Struct{"));
        }
        assertThat(Files.readString(home.resolve("connect").resolve("worker.properties")))
                .contains("value.converter=dev.rewind.connect.avro.AvroConverter")
                .contains("group.id=rewind-connect");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}

package dev.rewind.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;

/** The shaded jar the module builds runs the registry with {@code java -jar}. */
@ExtendWith(KafkaClusterExtension.class)
class StandaloneJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @Test
    void theShadedJarServesTheRegistry(KafkaCluster cluster) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", shadedJar().toString(),
                "--bootstrap-servers", cluster.bootstrapServers(), "--port", "0",
                "--topic", SchemaRegistryServerIT.uniqueTopic())
                .redirectErrorStream(true).start();
        try {
            String url = CompletableFuture.supplyAsync(() -> awaitUrl(process)).get(120, TimeUnit.SECONDS);

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/subjects/users-value/versions"))
                            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"\\\"string\\\"\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"id\":1}");
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String awaitUrl(Process process) {
        // Not closed on success: the reader keeps draining the child's output so it never blocks on a full pipe.
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        try {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "registry-output-drain");
                    drain.setDaemon(true);
                    drain.start();
                    return matcher.group(1);
                }
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new AssertionError("reading the registry's output failed; it printed:\n" + seen, e);
        }
        throw new AssertionError("the registry exited without listening; it printed:\n" + seen);
    }

    private static Path shadedJar() throws java.io.IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("rewind-schema-registry-.*-all\\.jar"))
                    .toList();
            assertThat(jars).as("the shaded jar in target" + File.separator).hasSize(1);
            return jars.get(0);
        }
    }
}

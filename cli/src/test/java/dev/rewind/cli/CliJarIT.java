package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runnable CLI jar ({@code target/rewind-cli-*-cli.jar}, built in {@code package}) is a client
 * only: no broker, Scala, Kafka Streams, RocksDB or HTTP server inside, and it stays small.
 */
class CliJarIT {

    private static final List<String> FORBIDDEN = List.of("kafka/server/", "scala/", "io/javalin/", "org/rocksdb/",
            "org/apache/kafka/streams/", "org/eclipse/jetty/", "org/apache/kafka/");

    @Test
    void theCliJarCarriesNoServerBrokerOrKafkaClasses() throws IOException {
        Path jar = cliJar();
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> offending = file.stream().map(e -> e.getName())
                    .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith)).limit(10).toList();

            assertThat(offending).as("classes of a server or broker in %s", jar).isEmpty();
            assertThat(file.getEntry("dev/rewind/cli/RewindCli.class")).isNotNull();
        }
        assertThat(Files.size(jar)).as("size of %s in bytes", jar).isLessThan(10_000_000L);
    }

    private static Path cliJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("rewind-cli-.*-cli\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/rewind-cli-*-cli.jar: run the package phase"));
        }
    }
}

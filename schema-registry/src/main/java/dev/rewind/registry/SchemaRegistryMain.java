package dev.rewind.registry;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a {@link SchemaRegistryServer} until the process is stopped:
 * {@code java -jar rewind-schema-registry-<version>-all.jar --bootstrap-servers localhost:9092 --port 8081}.
 * Exit codes: 0 after a clean stop, 1 when the registry cannot start, 2 on bad options.
 */
@Command(name = "rewind-schema-registry", mixinStandardHelpOptions = true,
        description = "Confluent-compatible schema registry storing its state in a compacted Kafka topic.")
public final class SchemaRegistryMain implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Kafka brokers holding the registry's topic.")
    String bootstrapServers;

    @Option(names = "--host", defaultValue = SchemaRegistryServer.Options.LOOPBACK, paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 = every"
                    + " interface).")
    String host;

    @Option(names = "--port", defaultValue = "8081", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any).")
    int port;

    @Option(names = "--topic", defaultValue = SchemaRegistryServer.Options.DEFAULT_TOPIC,
            description = "Compacted topic storing schemas (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting for the store, e.g. security.protocol=SSL; repeatable.")
    Map<String, String> kafkaConfig = new LinkedHashMap<>();

    @Option(names = "--users-file", paramLabel = "FILE",
            description = "Turns on HTTP basic authentication: users as 'user: password[,role...]' lines (Jetty's"
                    + " HashLoginService format, as Confluent's registry reads it; passwords plain or MD5:/CRYPT:"
                    + " hashed); role " + BasicAuthentication.READ_ROLE + " may read, "
                    + BasicAuthentication.WRITE_ROLE + " may also register, change compatibility and delete.")
    Path usersFile;

    @Option(names = "--realm", defaultValue = BasicAuthentication.DEFAULT_REALM,
            description = "The realm named in WWW-Authenticate (default: ${DEFAULT-VALUE}).")
    String realm;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        // Set before anything touches SLF4J, so the bundled quiet configuration is used unless one is given.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "rewind-schema-registry-logback.xml");
        }
        System.exit(new CommandLine(new SchemaRegistryMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = new PrintWriter(System.out, true);
        SchemaRegistryServer server;
        try {
            server = SchemaRegistryServer.start(new SchemaRegistryServer.Options(bootstrapServers, host, port, topic,
                    kafkaConfig, Optional.ofNullable(usersFile).map(f -> new BasicAuthentication(f, realm))));
        } catch (RuntimeException e) {
            System.err.println("rewind-schema-registry: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "rewind-schema-registry-shutdown"));
        out.println("Schema registry listening on " + server.url() + " (topic " + topic + ", "
                + (usersFile == null ? "no authentication" : "basic authentication, users from " + usersFile) + ")");
        stopped.await();
        return 0;
    }
}

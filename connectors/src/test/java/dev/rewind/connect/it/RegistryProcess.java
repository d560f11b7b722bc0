package dev.rewind.connect.it;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rewind's schema registry started from its standalone jar in a JVM of its own (its Jetty and the
 * Connect worker's cannot share one classpath), on a fresh {@code _schemas} topic and any free port.
 * A test class gets one by declaring a {@code RegistryProcess} parameter with {@link Extension} next to
 * {@link KafkaClusterExtension}.
 */
final class RegistryProcess implements AutoCloseable {

    /**
     * Injects a {@link RegistryProcess} on the test class's cluster into test methods and lifecycle methods that
     * declare one: started on the first parameter that asks, shared by the class, stopped when the class finishes.
     */
    static final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Extension.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RegistryProcess.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            ExtensionContext classContext = KafkaClusterExtension.classContext(context);
            KafkaCluster cluster = KafkaClusterExtension.cluster(classContext, 1);
            return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("registry",
                    k -> new Running(start(cluster.bootstrapServers())), Running.class).registry();
        }

        /** Stops the registry when the class's store is closed. */
        private record Running(RegistryProcess registry) implements AutoCloseable {
            @Override
            public void close() throws InterruptedException {
                registry.close();
            }
        }
    }

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private final Process process;
    private final String url;

    private RegistryProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static RegistryProcess start(String bootstrapServers) {
        String jar = System.getProperty("rewind.registry.jar", "target/registry/rewind-schema-registry.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar, "--bootstrap-servers",
                    bootstrapServers, "--port", "0", "--topic", "_schemas-" + UUID.randomUUID()))
                    .redirectErrorStream(true).start();
            CompletableFuture<String> url = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            url.complete(m.group(1));
                        }
                    }
                    url.completeExceptionally(new IllegalStateException("registry exited: " + process.exitValue()));
                } catch (IOException | IllegalThreadStateException e) {
                    url.completeExceptionally(e);
                }
            }, "registry-output");
            reader.setDaemon(true);
            reader.start();
            return new RegistryProcess(process, url.get(90, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("rewind's schema registry did not start from " + jar + ": " + e, e);
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

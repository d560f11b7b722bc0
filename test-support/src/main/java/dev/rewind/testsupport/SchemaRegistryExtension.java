package dev.rewind.testsupport;

import dev.rewind.kafka.junit.BrokerCount;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.registry.SchemaRegistryServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a running {@link SchemaRegistryServer} into test methods,
 * lifecycle methods and constructors that declare one, next to {@link KafkaClusterExtension}:
 * rewind's embedded registry, storing its schemas in {@code _schemas} of the test class's
 * {@link KafkaCluster} (the same cluster a {@code KafkaCluster} parameter gets; one broker, or as
 * many as a {@link BrokerCount} on the registry parameter says).
 *
 * <pre>{@code
 * @ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
 * class MyIT {
 *     @Test
 *     void works(KafkaCluster cluster, SchemaRegistryServer registry) { ... registry.url() ... }
 * }
 * }</pre>
 *
 * <p>Lifecycle: started on the first parameter that asks for it, shared by the whole test class,
 * closed when the class finishes (before its cluster, which was started first).
 */
public final class SchemaRegistryExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == SchemaRegistryServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        int brokers = parameterContext.findAnnotation(BrokerCount.class).map(BrokerCount::value).orElse(1);
        ExtensionContext classContext = KafkaClusterExtension.classContext(extensionContext);
        KafkaCluster cluster = KafkaClusterExtension.cluster(classContext, brokers);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("registry-" + brokers,
                k -> new Running(SchemaRegistryServer.start(SchemaRegistryServer.Options.of(cluster.bootstrapServers()))),
                Running.class).server();
    }

    /** Closes the server when the class's store is closed. */
    private record Running(SchemaRegistryServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}

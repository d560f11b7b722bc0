package dev.rewind.kafka.junit;

import dev.rewind.kafka.embedded.BrokerSecurity;
import dev.rewind.kafka.junit.internal.EmbeddedKafkaCluster;
import dev.rewind.kafka.junit.internal.ManagedCluster;
import dev.rewind.kafka.junit.internal.SingleBrokerParameters;
import dev.rewind.kafka.junit.internal.TestKitKafkaCluster;
import dev.rewind.kafka.junit.internal.TestcontainersKafkaCluster;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a running {@link KafkaCluster} into test methods, lifecycle
 * methods and constructors that declare a {@code KafkaCluster} parameter.
 *
 * <p>Which cluster:
 * <ul>
 *   <li>by default one in-JVM KRaft broker ({@code EmbeddedKafka});</li>
 *   <li>with system property {@value #MODE_PROPERTY}{@code =testcontainers}, one broker in a
 *       Testcontainers {@code apache/kafka:4.1.1} container; when no Docker engine answers, the
 *       tests that would need it are skipped (reported as disabled: a test method whose own
 *       parameters ask for one broker, or the whole class when its constructor or lifecycle
 *       methods do);</li>
 *   <li>with {@link SecuredBy} on the parameter, one in-JVM broker whose client listener uses
 *       SASL/SCRAM, TLS or mutual TLS and whose authorizer denies what no ACL allows;</li>
 *   <li>with {@link BrokerCount} above 1 on the parameter, that many in-JVM brokers from Kafka's
 *       {@code KafkaClusterTestKit} with a separate controller, in either mode.</li>
 * </ul>
 *
 * <p>Lifecycle: a cluster is started on the first parameter that asks for it and shared by the
 * whole test class (one cluster per broker count); it is closed when the class finishes. After
 * each test, brokers the test stopped are started again.
 */
public final class KafkaClusterExtension implements ParameterResolver, ExecutionCondition, AfterEachCallback {

    /** System property choosing the one-broker cluster: {@code embedded} (default) or {@code testcontainers}. */
    public static final String MODE_PROPERTY = "rewind.test.kafka";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final String STARTED_KEYS = "started-cluster-keys";
    private static final String TEST_KIT_CLASS = "org.apache.kafka.common.test.KafkaClusterTestKit";
    private static final String TESTCONTAINERS_CLASS = "org.testcontainers.kafka.KafkaContainer";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (mode() != Mode.TESTCONTAINERS || !SingleBrokerParameters.wanted(context)) {
            return ConditionEvaluationResult.enabled("no Testcontainers Kafka needed here");
        }
        if (!onClasspath(TESTCONTAINERS_CLASS)) {
            return ConditionEvaluationResult.disabled(MODE_PROPERTY + "=testcontainers but org.testcontainers:kafka"
                    + " is not on the test classpath; add it with test scope");
        }
        boolean docker = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("docker-available", k -> TestcontainersKafkaCluster.dockerAvailable(),
                        Boolean.class);
        return docker
                ? ConditionEvaluationResult.enabled("Docker is available for Testcontainers Kafka")
                : ConditionEvaluationResult.disabled(MODE_PROPERTY + "=testcontainers but no Docker engine answers");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        int brokers = parameterContext.findAnnotation(BrokerCount.class).map(BrokerCount::value).orElse(1);
        if (brokers < 1) {
            throw new ParameterResolutionException("@BrokerCount(" + brokers + ") on " + parameterContext.getParameter()
                    + " must be at least 1");
        }
        SecurityProtocol secured = parameterContext.findAnnotation(SecuredBy.class).map(SecuredBy::value)
                .orElse(null);
        if (secured != null) {
            if (brokers > 1) {
                throw new ParameterResolutionException("@SecuredBy and @BrokerCount(" + brokers + ") on "
                        + parameterContext.getParameter() + " cannot be combined yet: a secured cluster is one"
                        + " in-JVM broker; drop one of them");
            }
            BrokerSecurity security;
            try {
                security = BrokerSecurity.of(secured);
            } catch (IllegalArgumentException e) {
                throw new ParameterResolutionException("@SecuredBy(" + secured + ") on "
                        + parameterContext.getParameter() + ": " + e.getMessage(), e);
            }
            String key = "secured-" + secured.name;
            ExtensionContext.Store store = classContext(extensionContext).getStore(NAMESPACE);
            startedKeys(store).add(key);
            return store.getOrComputeIfAbsent(key, k -> EmbeddedKafkaCluster.start(security), ManagedCluster.class);
        }
        return cluster(extensionContext, brokers);
    }

    /**
     * The cluster of {@code brokers} brokers of the test class {@code context} belongs to, started
     * on first use and shared as a {@code KafkaCluster} parameter would be; for other extensions
     * that start servers on the test's cluster (e.g. a schema registry).
     *
     * @throws ParameterResolutionException if a multi-broker cluster is asked for without Kafka's test kit
     */
    public static KafkaCluster cluster(ExtensionContext context, int brokers) {
        Mode mode = brokers > 1 ? Mode.TEST_KIT : mode();
        if (mode == Mode.TEST_KIT && !onClasspath(TEST_KIT_CLASS)) {
            throw new ParameterResolutionException("@BrokerCount(" + brokers + ") needs Kafka's test kit: add"
                    + " org.apache.kafka:kafka-test-common-runtime with test scope to this module");
        }
        String key = mode.name().toLowerCase(Locale.ROOT) + "-" + brokers;
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        startedKeys(store).add(key);
        return store.getOrComputeIfAbsent(key, k -> start(mode, brokers), ManagedCluster.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        for (String key : startedKeys(store)) {
            ManagedCluster cluster = store.get(key, ManagedCluster.class);
            if (cluster != null) {
                cluster.restartStoppedBrokers();
            }
        }
    }

    private static ManagedCluster start(Mode mode, int brokers) {
        return switch (mode) {
            case EMBEDDED -> EmbeddedKafkaCluster.start();
            case TESTCONTAINERS -> TestcontainersKafkaCluster.start();
            case TEST_KIT -> TestKitKafkaCluster.start(brokers);
        };
    }

    @SuppressWarnings("unchecked")
    private static Set<String> startedKeys(ExtensionContext.Store store) {
        return store.getOrComputeIfAbsent(STARTED_KEYS, k -> ConcurrentHashMap.newKeySet(), Set.class);
    }

    /**
     * The context of the test class {@code context} belongs to, whose store lives as long as the
     * class runs: where per-class resources such as clusters (and servers started on them) belong.
     */
    public static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, KafkaClusterExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Mode mode() {
        String value = System.getProperty(MODE_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "embedded", "" -> Mode.EMBEDDED;
            case "testcontainers" -> Mode.TESTCONTAINERS;
            default -> throw new IllegalStateException("system property " + MODE_PROPERTY + "=" + value
                    + " is not known; use embedded (the default) or testcontainers");
        };
    }

    private enum Mode {
        EMBEDDED, TESTCONTAINERS, TEST_KIT
    }
}

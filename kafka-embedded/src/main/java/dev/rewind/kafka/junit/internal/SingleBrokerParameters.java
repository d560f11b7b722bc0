package dev.rewind.kafka.junit.internal;

import dev.rewind.kafka.junit.BrokerCount;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.SecuredBy;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides, before anything runs, whether a test or a test class asks for a one-broker cluster, so
 * that only those are skipped when that broker would need a missing Docker engine.
 */
public final class SingleBrokerParameters {

    private SingleBrokerParameters() {
    }

    /**
     * For a test method: whether its own parameters ask for one broker. For a test class: whether
     * its constructors or lifecycle methods (including inherited ones) do.
     */
    public static boolean wanted(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return asksForOneBroker(context.getTestMethod().get());
        }
        return context.getTestClass().map(SingleBrokerParameters::classAsksForOneBroker).orElse(false);
    }

    private static boolean classAsksForOneBroker(Class<?> testClass) {
        Stream<Executable> constructors = Arrays.stream(testClass.getDeclaredConstructors());
        Stream<Executable> lifecycle = hierarchy(testClass)
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(SingleBrokerParameters::isLifecycleMethod)
                .map(Executable.class::cast);
        return Stream.concat(constructors, lifecycle).anyMatch(SingleBrokerParameters::asksForOneBroker);
    }

    private static Stream<Class<?>> hierarchy(Class<?> type) {
        return Stream.<Class<?>>iterate(type, c -> c != null && c != Object.class, Class::getSuperclass);
    }

    private static boolean isLifecycleMethod(Method method) {
        return method.isAnnotationPresent(BeforeAll.class) || method.isAnnotationPresent(BeforeEach.class)
                || method.isAnnotationPresent(AfterEach.class) || method.isAnnotationPresent(AfterAll.class);
    }

    private static boolean asksForOneBroker(Executable executable) {
        return Arrays.stream(executable.getParameters()).anyMatch(SingleBrokerParameters::asksForOneBroker);
    }

    private static boolean asksForOneBroker(Parameter parameter) {
        if (parameter.getType() != KafkaCluster.class || parameter.isAnnotationPresent(SecuredBy.class)) {
            return false;
        }
        BrokerCount count = parameter.getAnnotation(BrokerCount.class);
        return count == null || count.value() <= 1;
    }
}

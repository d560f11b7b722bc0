package dev.rewind.kafka.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many brokers the injected {@link KafkaCluster} has. Without it a test gets one broker
 * (an in-JVM {@code EmbeddedKafka}, or Testcontainers when asked for). With more than one, the
 * cluster is Kafka's own {@code KafkaClusterTestKit} (one KRaft controller plus the brokers, all
 * in-JVM), whatever {@code rewind.test.kafka} says, so that brokers can be stopped and started; the
 * test module then needs {@code org.apache.kafka:kafka-test-common-runtime} on its test classpath.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface BrokerCount {

    /** The number of brokers, at least 1. */
    int value();
}

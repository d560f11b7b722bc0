package dev.rewind.kafka.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Asks for a {@link KafkaCluster} whose client listener is secured with the given protocol and
 * whose brokers run KRaft's {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}:
 * SASL/SCRAM-SHA-512 for {@code SASL_PLAINTEXT} and {@code SASL_SSL}, mutual TLS (principal = the
 * certificate's common name) for {@code SSL}; TLS certificates are generated for the test.
 *
 * <p>{@link KafkaCluster#clientConfig()} then authenticates as the super user {@code admin};
 * {@link KafkaCluster#clientConfigFor(String)} gives a principal that can do only what ACLs allow.
 * A secured cluster is always one in-JVM broker ({@code EmbeddedKafka}), whatever
 * {@code rewind.test.kafka} says, and is shared by the tests of a class that ask for the same protocol.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SecuredBy {

    /** The client listener's security protocol: {@code SASL_PLAINTEXT}, {@code SASL_SSL} or {@code SSL}. */
    SecurityProtocol value();
}

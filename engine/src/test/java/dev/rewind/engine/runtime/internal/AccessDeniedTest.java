package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class AccessDeniedTest {

    @Test
    void aMissingGroupAclStopsTheInstanceNamingTheGroupAndTheOperation() {
        assertThatThrownBy(() -> AccessDenied.rethrowIfDenied(new KafkaException("wrapped",
                GroupAuthorizationException.forGroupId("release-coordinator.v2"))))
                .isInstanceOf(AccessDenied.AccessDeniedException.class)
                .hasMessageContaining("READ on Group 'release-coordinator.v2'")
                .hasMessageContaining("docs/acls/rewind-acls.sh");
    }

    @Test
    void aMissingTopicAclNamesTheTopic() {
        assertThatThrownBy(() -> AccessDenied.rethrowIfDenied(new TopicAuthorizationException(Set.of("rewind.outcomes"))))
                .hasMessageContaining("Topic [rewind.outcomes]");
    }

    @Test
    void wrongCredentialsNameTheSettingsToCheck() {
        assertThatThrownBy(() -> AccessDenied.rethrowIfDenied(new SaslAuthenticationException("invalid credentials")))
                .hasMessageContaining("sasl.jaas.config");
    }

    @Test
    void transientErrorsAreLeftToTheRetry() {
        assertThatCode(() -> AccessDenied.rethrowIfDenied(new TimeoutException("slow broker"))).doesNotThrowAnyException();
    }
}

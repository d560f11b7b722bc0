package dev.rewind.clients.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAccessDeniedTest {

    private static final KafkaAccessDenied.Request VERSION = KafkaAccessDenied.Request
            .of("version c.v2", AclOperation.WRITE).with(AclOperation.READ, List.of("release.events"))
            .group("c.v2", AclOperation.READ).transactionalId("c.v2.a");

    @Test
    void aMissingGroupAclNamesTheGroupAndTheOperation() {
        assertThatThrownBy(() -> KafkaAccessDenied.rethrowIfDenied(new KafkaException("wrapped",
                GroupAuthorizationException.forGroupId("c.v2")), VERSION))
                .isInstanceOf(KafkaAccessDenied.class)
                .hasMessageStartingWith("Kafka denied READ on Group 'c.v2' to version c.v2: grant its principal")
                .hasMessageContaining("docs/acls/rewind-acls.sh");
    }

    @Test
    void aTopicIsNamedWithTheOperationTheClientNeedsOnIt() {
        assertThat(KafkaAccessDenied.of(new TopicAuthorizationException(Set.of("release.events")), VERSION))
                .hasMessageContaining("READ on Topic 'release.events'");
        KafkaAccessDenied write = KafkaAccessDenied.of(new TopicAuthorizationException(Set.of("rewind.outcomes")),
                VERSION);
        assertThat(write).hasMessageContaining("WRITE on Topic 'rewind.outcomes'");
        assertThat(write.operation()).contains(AclOperation.WRITE);
        assertThat(write.resourceType()).contains(ResourceType.TOPIC);
    }

    @Test
    void topicsThatNeedDifferentOperationsAreEachNamedWithTheirs() {
        assertThat(KafkaAccessDenied.of(new TopicAuthorizationException(Set.of("release.events", "out")), VERSION))
                .hasMessageContaining("WRITE on Topic 'out' and READ on Topic 'release.events'");
    }

    @Test
    void aTopicTheBrokerDidNotNameIsNamedFromTheRequest() {
        assertThat(KafkaAccessDenied.of(new TopicAuthorizationException("denied"),
                KafkaAccessDenied.Request.of("the registry", AclOperation.WRITE).naming(List.of("_schemas"))))
                .hasMessageContaining("WRITE on Topic '_schemas'");
    }

    @Test
    void aTransactionalIdIsNamedThoughKafkasExceptionDoesNot() {
        assertThat(KafkaAccessDenied.of(new TransactionalIdAuthorizationException(
                "Transactional Id authorization failed."), VERSION))
                .hasMessageContaining("WRITE on TransactionalId 'c.v2.a'");
    }

    @Test
    void aClusterDenialNamesTheClusterOperation() {
        assertThat(KafkaAccessDenied.of(new ClusterAuthorizationException("denied"), VERSION))
                .hasMessageContaining("CREATE on Cluster 'kafka-cluster'");
    }

    @Test
    void wrongCredentialsNameTheSettingsToCheck() {
        assertThatThrownBy(() -> KafkaAccessDenied.rethrowIfDenied(new SaslAuthenticationException("invalid"),
                VERSION)).hasMessageContaining("sasl.jaas.config").hasMessageContaining("version c.v2");
    }

    @Test
    void aDenialIsNotWrappedTwice() {
        KafkaAccessDenied first = KafkaAccessDenied.of(new TopicAuthorizationException(Set.of("x")), VERSION);
        assertThat(KafkaAccessDenied.of(KafkaAccessDenied.find(new KafkaException(first)).orElseThrow(),
                KafkaAccessDenied.Request.of("another", AclOperation.READ))).isSameAs(first);
    }

    @Test
    void transientErrorsAreLeftToTheRetry() {
        assertThatCode(() -> KafkaAccessDenied.rethrowIfDenied(new TimeoutException("slow broker"), VERSION))
                .doesNotThrowAnyException();
    }
}

package dev.rewind.kafka.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.testing.TestClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class SecuredKafkaClusterIT {

    @Test
    void aScramClusterDeniesWhatNoAclAllowsAndAllowsWhatOneDoes(
            @SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster) throws Exception {
        assertThat(cluster.securityProtocol()).isEqualTo(SecurityProtocol.SASL_PLAINTEXT);
        assertThat(cluster.clientConfig()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        deniesThenAllows(cluster, "scram-topic", "alice");
    }

    @Test
    void aScramOverTlsClusterDeniesWhatNoAclAllowsAndAllowsWhatOneDoes(
            @SecuredBy(SecurityProtocol.SASL_SSL) KafkaCluster cluster) throws Exception {
        assertThat(cluster.clientConfig()).containsEntry("security.protocol", "SASL_SSL")
                .containsKey("ssl.truststore.location");
        deniesThenAllows(cluster, "sasl-ssl-topic", "bob");
    }

    @Test
    void aMutualTlsClusterNamesThePrincipalAfterTheCertificate(
            @SecuredBy(SecurityProtocol.SSL) KafkaCluster cluster) throws Exception {
        assertThat(cluster.clientConfig()).containsEntry("security.protocol", "SSL")
                .containsKey("ssl.keystore.location");
        deniesThenAllows(cluster, "mtls-topic", "carol");
    }

    @Test
    void aWrongPasswordFailsAuthenticationInsteadOfHanging(
            @SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster) {
        Map<String, Object> config = cluster.clientConfigFor("dave");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"dave\" password=\"wrong\";");
        config.put("default.api.timeout.ms", 30_000);
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aPlaintextClusterHasNoPrincipals(KafkaCluster cluster) {
        assertThat(cluster.securityProtocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThatThrownBy(() -> cluster.clientConfigFor("eve"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("@SecuredBy");
    }

    private static void deniesThenAllows(KafkaCluster cluster, String topic, String user) throws Exception {
        cluster.createTopic(topic, 1, (short) 1);
        Map<String, Object> userConfig = new HashMap<>(cluster.clientConfigFor(user));
        userConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = TestClients.producer(cluster.bootstrapServers(), userConfig)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "denied")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(topic);
        }

        ResourcePattern resource = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
        cluster.admin().createAcls(List.of(
                new AclBinding(resource, new AccessControlEntry("User:" + user, "*", AclOperation.WRITE,
                        AclPermissionType.ALLOW)))).all().get();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (KafkaProducer<String, String> producer =
                    TestClients.producer(cluster.bootstrapServers(), userConfig)) {
                assertThat(producer.send(new ProducerRecord<>(topic, "k", "allowed")).get().offset()).isZero();
            }
        });
    }
}

package dev.rewind.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"rewind\" password=\"s3cret\";";

    private static Map<String, Object> secured() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "kafka-0:9093,kafka-1:9093");
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put("sasl.jaas.config", JAAS);
        settings.put("ssl.truststore.location", "/etc/rewind/truststore.p12");
        settings.put("component", "release-coordinator");
        return settings;
    }

    @Test
    void commonSettingsReachEveryKindOfClient() {
        ClientSettings settings = ClientSettings.of(secured());
        for (ClientRole role : ClientRole.values()) {
            assertThat(settings.config(role, "id-" + role))
                    .containsEntry("bootstrap.servers", "kafka-0:9093,kafka-1:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.jaas.config", JAAS)
                    .containsEntry("ssl.truststore.location", "/etc/rewind/truststore.p12")
                    .containsEntry("client.id", "id-" + role)
                    .doesNotContainKey("component");
        }
    }

    @Test
    void prefixedSettingsReachOnlyTheirClientAndTheRestoreConsumerTakesTheConsumerOnesFirst() {
        Map<String, Object> raw = secured();
        raw.put("consumer.max.poll.records", 50);
        raw.put("consumer.fetch.max.bytes", 1000);
        raw.put("restore.consumer.max.poll.records", 5000);
        raw.put("producer.linger.ms", 20);
        raw.put("admin.request.timeout.ms", 9000);
        ClientSettings settings = ClientSettings.of(raw);

        assertThat(settings.config(ClientRole.CONSUMER, "c")).containsEntry("max.poll.records", 50)
                .doesNotContainKeys("linger.ms", "request.timeout.ms");
        assertThat(settings.config(ClientRole.RESTORE_CONSUMER, "r")).containsEntry("max.poll.records", 5000)
                .containsEntry("fetch.max.bytes", 1000);
        assertThat(settings.config(ClientRole.PRODUCER, "p")).containsEntry("linger.ms", 20)
                .doesNotContainKey("max.poll.records");
        assertThat(settings.config(ClientRole.ADMIN, "a")).containsEntry("request.timeout.ms", 9000);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void operatorSettingsOverrideDefaultsButNeverWhatRewindRequires() {
        Map<String, Object> raw = secured();
        raw.put("consumer.max.poll.records", 50);
        Map<String, Object> config = ClientSettings.of(raw).config(ClientRole.CONSUMER, "c",
                Map.of("max.poll.records", 500, "auto.offset.reset", "earliest"),
                Map.of("isolation.level", "read_committed"));
        assertThat(config).containsEntry("max.poll.records", 50).containsEntry("auto.offset.reset", "earliest")
                .containsEntry("isolation.level", "read_committed");
    }

    @Test
    void refusesOverridesOfWhatRewindReliesOnNamingEachKey() {
        Map<String, Object> raw = secured();
        raw.put("consumer.isolation.level", "read_uncommitted");
        raw.put("restore.consumer.group.id", "mine");
        raw.put("producer.transactional.id", "mine");
        raw.put("enable.auto.commit", "true");
        raw.put("admin.bootstrap.servers", "elsewhere:9092");
        assertThat(ClientSettings.of(raw).problems()).extracting(ClientConfigProblem::key).containsExactly(
                "admin.bootstrap.servers", "consumer.isolation.level", "enable.auto.commit",
                "producer.transactional.id", "restore.consumer.group.id");
        assertThat(ClientSettings.of(raw).problems().get(1).toString())
                .startsWith("consumer.isolation.level=read_uncommitted: not allowed: ")
                .contains("read_committed");
    }

    @Test
    void neverPrintsSecrets() {
        Map<String, Object> raw = secured();
        raw.put("ssl.keystore.password", "hunter2");
        raw.put("consumer.sasl.jaas.config", JAAS);
        raw.put("producer.transactional.id", "x");
        ClientSettings settings = ClientSettings.of(raw);
        assertThat(settings.toString()).doesNotContain("s3cret", "hunter2").contains("security.protocol=SASL_SSL");
        assertThat(new ClientConfigProblem("sasl.jaas.config", JAAS, "reason").toString()).doesNotContain("s3cret");
    }

    @Test
    void rewindCannotRequireAKeyOperatorsAreNotToldAbout() {
        assertThatThrownBy(() -> ClientSettings.of(secured()).config(ClientRole.ADMIN, "a", Map.of(),
                Map.of("request.timeout.ms", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request.timeout.ms");
    }

    @Test
    void recognisesClientSettingsAndLeavesTheRestToTheCaller() {
        assertThat(ClientSettings.isClientSetting("sasl.jaas.config")).isTrue();
        assertThat(ClientSettings.isClientSetting("restore.consumer.anything")).isTrue();
        assertThat(ClientSettings.isClientSetting("component")).isFalse();
        assertThat(ClientSettings.isClientSetting("route.skew.margin.ms")).isFalse();
    }

    @Test
    void readersAndIdempotentProducersCarryTheClusterSettingsAndWhatTheyRelyOn() {
        Map<String, Object> raw = secured();
        raw.put("restore.consumer.max.poll.records", 50);
        raw.put("producer.linger.ms", 7);
        ClientSettings settings = ClientSettings.of(raw);
        assertThat(settings.readerConfig("reader"))
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("max.poll.records", 50)
                .containsEntry("client.id", "reader");
        assertThat(settings.idempotentProducerConfig("writer"))
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("linger.ms", 7)
                .doesNotContainKey("transactional.id");
    }

    @Test
    void handsFrameworksWithTheSamePrefixesTheSettingsAsWritten() {
        Map<String, Object> raw = secured();
        raw.put("admin.request.timeout.ms", 9);
        assertThat(ClientSettings.of(raw).asWritten())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("admin.request.timeout.ms", 9)
                .doesNotContainKey("component");
    }
}

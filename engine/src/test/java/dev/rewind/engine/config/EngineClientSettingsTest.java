package dev.rewind.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.clients.ClientRole;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"engine\" password=\"s3cret\";";

    private static Map<String, Object> secured() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "kafka:9093");
        props.put("schema.registry.url", "https://registry:8081");
        props.put("component", "release-coordinator");
        props.put("version", "v2");
        props.put("source.topics", "commits");
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", JAAS);
        props.put("restore.consumer.max.poll.records", "5000");
        props.put("admin.request.timeout.ms", "60000");
        props.put("basic.auth.credentials.source", "USER_INFO");
        props.put("basic.auth.user.info", "engine:registry-secret");
        props.put("schema.registry.ssl.truststore.location", "/etc/rewind/truststore.p12");
        return props;
    }

    @Test
    void acceptsCommonClientSettingsPerClientPrefixesAndRegistryCredentials() {
        EngineConfig config = EngineConfig.of(secured());
        assertThat(config.clientSettings().config(ClientRole.ADMIN, "a"))
                .containsEntry("sasl.jaas.config", JAAS).containsEntry("request.timeout.ms", "60000");
        assertThat(config.clientSettings().config(ClientRole.RESTORE_CONSUMER, "r"))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("max.poll.records", "5000");
        assertThat(config.registryClientConfig()).containsEntry("basic.auth.user.info", "engine:registry-secret")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/rewind/truststore.p12")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void refusesAnUnprefixedSettingTheEngineReliesOnAndNeverPrintsSecrets() {
        Map<String, Object> props = secured();
        props.put("isolation.level", "read_uncommitted");
        props.put("sasl.jass.config", JAAS);
        InvalidEngineConfigException e = catchThrowableOfType(InvalidEngineConfigException.class,
                () -> EngineConfig.of(props));
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("isolation.level", "sasl.jass.config");
        assertThat(e.getMessage()).contains("read_committed").doesNotContain("s3cret");
    }
}

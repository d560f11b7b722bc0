package dev.rewind.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaOptionsTest {

    @Test
    void defaultsUseATemporaryDirectoryAndAFreePort() {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults();

        assertThat(options.dataDir()).isNull();
        assertThat(options.port()).isZero();
        assertThat(options.brokerProperties()).isEmpty();
    }

    @Test
    void keptInRemembersTheDirectory() {
        Path dir = Path.of("build", "kafka-data");

        assertThat(EmbeddedKafka.Options.keptIn(dir).dataDir()).isEqualTo(dir);
    }

    @Test
    void keptInRejectsANullDirectory() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.keptIn(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dataDir");
    }

    @Test
    void rejectsAPortOutsideTheTcpRange() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000").hasMessageContaining("use 0 for a free port");
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().withPort(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsAFixedPort() {
        assertThat(EmbeddedKafka.Options.defaults().withPort(19092).port()).isEqualTo(19092);
    }

    @Test
    void rejectsOverridingAPropertyTheBrokerOwns() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().withBrokerProperty("listeners", "PLAINTEXT://:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners=PLAINTEXT://:1")
                .hasMessageContaining("Options.dataDir/port");
    }

    @Test
    void rejectsANullPropertyValue() {
        Map<String, String> properties = new HashMap<>();
        properties.put("num.partitions", null);

        assertThatThrownBy(() -> new EmbeddedKafka.Options(null, 0, properties))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("num.partitions");
    }

    @Test
    void copiesTheBrokerPropertiesSoLaterChangesDoNotLeakIn() {
        Map<String, String> properties = new HashMap<>(Map.of("num.partitions", "3"));
        EmbeddedKafka.Options options = new EmbeddedKafka.Options(null, 0, properties);

        properties.put("log.retention.ms", "1");

        assertThat(options.brokerProperties()).containsOnly(Map.entry("num.partitions", "3"));
        assertThatThrownBy(() -> options.brokerProperties().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withBrokerPropertyAddsToTheExistingOverrides() {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults()
                .withBrokerProperty("num.partitions", "3")
                .withBrokerProperty("log.retention.ms", "60000");

        assertThat(options.brokerProperties())
                .containsOnly(Map.entry("num.partitions", "3"), Map.entry("log.retention.ms", "60000"));
    }
}

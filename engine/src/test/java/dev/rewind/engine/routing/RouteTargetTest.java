package dev.rewind.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTargetTest {

    @Test
    void channelsAndTargetsValidateTheirNames() {
        assertThat(Channel.of("canary-2").name()).isEqualTo("canary-2");
        assertThatThrownBy(() -> Channel.of("2x")).hasMessageContaining("2x");
        assertThatThrownBy(() -> RouteTarget.version("V 2")).hasMessageContaining("V 2");
    }
}

package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersTheFilledShareAndTheEta() {
        String line = ProgressBar.render(50.0, 100, 200, 75L, "running");

        assertThat(line).startsWith("[" + "#".repeat(15) + ".".repeat(15) + "]");
        assertThat(line).contains(" 50.0%").contains("100/200").contains("ETA 1:15").endsWith("running");
    }

    @Test
    void anUnknownEtaIsShownAsDashes() {
        assertThat(ProgressBar.render(0, 0, 0, null, "pending")).contains("ETA --:--");
        assertThat(ProgressBar.eta(3725L)).isEqualTo("1:02:05");
    }
}

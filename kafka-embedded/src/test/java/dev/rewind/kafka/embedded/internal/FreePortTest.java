package dev.rewind.kafka.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;

class FreePortTest {

    @RepeatedTest(20)
    void neverReturnsAPortItWasToldIsTaken() {
        int first = FreePort.find();
        int second = FreePort.find(first);
        assertThat(second).isNotEqualTo(first).isBetween(1, 65535);
    }
}

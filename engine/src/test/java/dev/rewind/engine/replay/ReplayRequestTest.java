package dev.rewind.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.CohortSelector;
import dev.rewind.schemas.avro.ReplayAction;
import dev.rewind.schemas.avro.ReplayCommand;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayRequestTest {

    private static final Instant FROM = Instant.parse("2026-11-26T10:00:00Z");

    static ReplayCommand.Builder command() {
        return ReplayCommand.newBuilder().setReplayId("r-1").setComponent("rc").setVersion("v2")
                .setSelector("customer:acme").setFrom(FROM).setTo(FROM.plusSeconds(60)).setDryRun(false)
                .setMaxEventsPerSecond(null).setReason("fix").setAuthor("ann").setRequestedAt(FROM.plusSeconds(61))
                .setAction(ReplayAction.START);
    }

    @Test
    void readsAStartCommandIntoTypedValues() {
        ReplayRequest request = ReplayRequest.fromAvro(command().setMaxEventsPerSecond(50.0).build());

        assertThat(request.target()).isEqualTo(new ComponentVersion("rc", "v2"));
        assertThat(request.selector()).isEqualTo(CohortSelector.customer("acme"));
        assertThat(request.window()).isEqualTo(ReplayWindow.of(FROM, FROM.plusSeconds(60)));
        assertThat(request.maxEventsPerSecond()).hasValue(50.0);
        assertThat(request.newRateLimiter().eventsPerSecond()).isEqualTo(50.0);
        assertThat(ReplayRequest.fromAvro(command().build()).newRateLimiter().isUnlimited()).isTrue();
    }

    @Test
    void refusesCancelCommandsAndInvalidOnes() {
        assertThatThrownBy(() -> ReplayRequest.fromAvro(command().setAction(ReplayAction.CANCEL).build()))
                .hasMessageContaining("CANCEL");
        assertThatThrownBy(() -> ReplayRequest.fromAvro(command().setTo(FROM).build()))
                .hasMessageContaining("from < to");
        assertThatThrownBy(() -> ReplayRequest.fromAvro(command().setSelector("team:x").build()))
                .hasMessageContaining("team:x");
        assertThatThrownBy(() -> ReplayRequest.fromAvro(command().setMaxEventsPerSecond(0.0).build()))
                .hasMessageContaining("maxEventsPerSecond");
    }
}

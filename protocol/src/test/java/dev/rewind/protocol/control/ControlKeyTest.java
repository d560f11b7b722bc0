package dev.rewind.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ReplayId;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ControlKeyTest {

    private static final ReplayId ID = ReplayId.of("r-1");
    private static final TopicPartition TP = new TopicPartition("ci.commits", 12);

    @Test
    void formatsTheKeysOfTheProtocol() {
        assertThat(ControlKey.command(ID)).isEqualTo("command/r-1");
        assertThat(ControlKey.cancel(ID)).isEqualTo("command/r-1/cancel");
        assertThat(ControlKey.plan(ID, TP)).isEqualTo("plan/r-1/ci.commits/12");
        assertThat(ControlKey.progress(ID, TP)).isEqualTo("progress/r-1/ci.commits/12");
        assertThat(ControlKey.dryRun(ID)).isEqualTo("dryrun/r-1");
    }

    @Test
    void parsesEveryKeyItFormats() {
        assertThat(ControlKey.parse(ControlKey.command(ID)).kind()).isEqualTo(ControlKey.Kind.COMMAND);
        assertThat(ControlKey.parse(ControlKey.cancel(ID)).kind()).isEqualTo(ControlKey.Kind.CANCEL);
        assertThat(ControlKey.parse(ControlKey.dryRun(ID)).replayId()).contains(ID);
        ControlKey plan = ControlKey.parse(ControlKey.plan(ID, TP));
        assertThat(plan.kind()).isEqualTo(ControlKey.Kind.PLAN);
        assertThat(plan.replayId()).contains(ID);
        assertThat(plan.partition()).contains(TP);
        assertThat(ControlKey.parse(ControlKey.progress(ID, TP)).partition()).contains(TP);
    }

    @Test
    void treatsUnknownOrMalformedKeysAsOtherInsteadOfFailing() {
        assertThat(ControlKey.parse("audit/123").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse("plan/r-1/topic/notanumber").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse("plan/r-1/topic").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse("command/has space").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse("command/r-1/pause").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse((String) null).kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse("").kind()).isEqualTo(ControlKey.Kind.OTHER);
    }
}

package dev.rewind.replaytool.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ControlKeyTest {

    @Test
    void keysRoundTripThroughTheirTextForm() {
        TopicPartition tp = new TopicPartition("release.events", 7);

        assertThat(ControlKey.parse(ControlKey.command("r1"))).isEqualTo(new ControlKey(ControlKey.Kind.COMMAND, "r1", null));
        assertThat(ControlKey.parse(ControlKey.cancel("r1"))).isEqualTo(new ControlKey(ControlKey.Kind.CANCEL, "r1", null));
        assertThat(ControlKey.parse(ControlKey.plan("r1", tp))).isEqualTo(new ControlKey(ControlKey.Kind.PLAN, "r1", tp));
        assertThat(ControlKey.parse(ControlKey.progress("r1", tp)))
                .isEqualTo(new ControlKey(ControlKey.Kind.PROGRESS, "r1", tp));
        assertThat(ControlKey.parse(ControlKey.audit("e1"))).isEqualTo(new ControlKey(ControlKey.Kind.AUDIT, "e1", null));
    }

    @Test
    void unknownOrMalformedKeysAreOther() {
        assertThat(ControlKey.parse("something/else").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse("plan/r1/topic/notanumber").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse(null).kind()).isEqualTo(ControlKey.Kind.OTHER);
    }
}

package dev.rewind.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.engine.processor.ComponentVersion;
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

    @Test
    void anInstanceStatusKeyNamesItsComponentVersionAndInstanceAndNoReplay() {
        VersionInstance instance = new VersionInstance(new ComponentVersion("release-coordinator", "v2"), "pod-7.a_b");
        ControlKey key = ControlKey.status(instance);

        assertThat(key.encode()).isEqualTo("status/release-coordinator/v2/pod-7.a_b");
        assertThat(ControlKey.parse(key.encode())).isEqualTo(key);
        assertThat(key.replayId()).isEmpty();
        assertThat(ControlKey.parse("status/release-coordinator/v2").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse("status/Bad/v2/pod").kind()).isEqualTo(ControlKey.Kind.OTHER);
        assertThat(ControlKey.parse("status/c/v2/has space").kind()).isEqualTo(ControlKey.Kind.OTHER);
    }

    @Test
    void anInstanceStatusIsIndexedByItsInstanceAndForgottenOnItsTombstoneWithoutCountingAsReplayNews() {
        VersionInstance instance = new VersionInstance(new ComponentVersion("c", "v1"), "a");
        InstanceStatus status = new InstanceStatus(instance, java.time.Instant.parse("2026-11-30T10:00:00Z"),
                java.util.List.of(new PausedPartition(TP, 5, PausedPartition.Reason.ROUTES,
                        java.time.Instant.parse("2026-11-30T09:59:00Z"), java.util.Optional.empty())));
        ControlIndex index = new ControlIndex();

        index.apply(ControlValue.fromAvro(status.key(), status.toAvro()).orElseThrow());

        assertThat(index.statuses(instance.version())).containsExactly(status);
        assertThat(index.statuses(new ComponentVersion("c", "v2"))).isEmpty();
        assertThat(index.changes()).isZero();
        assertThat(status.isCurrent(status.publishedAt().plus(InstanceStatus.STALE_AFTER).minusMillis(1))).isTrue();
        assertThat(status.isCurrent(status.publishedAt().plus(InstanceStatus.STALE_AFTER))).isFalse();
        index.remove(ControlKey.parse(status.key().encode()));
        assertThat(index.statuses()).isEmpty();
    }
}

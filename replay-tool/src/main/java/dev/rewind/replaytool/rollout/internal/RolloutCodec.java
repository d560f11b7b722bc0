package dev.rewind.replaytool.rollout.internal;

import dev.rewind.api.routes.RampSpec;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.protocol.Ramp;
import dev.rewind.replaytool.rollout.Decision;
import dev.rewind.replaytool.rollout.GuardPolicy;
import dev.rewind.replaytool.rollout.PreviousRoute;
import dev.rewind.replaytool.rollout.Rollout;
import dev.rewind.replaytool.rollout.RolloutId;
import dev.rewind.replaytool.rollout.RolloutPhase;
import dev.rewind.replaytool.rollout.RolloutSpec;
import dev.rewind.replaytool.rollout.Sample;
import dev.rewind.schemas.avro.RolloutDecisionRecord;
import dev.rewind.schemas.avro.RolloutPhaseKind;
import dev.rewind.schemas.avro.RolloutPreviousRoute;
import dev.rewind.schemas.avro.RolloutRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@link Rollout} to and from its {@link RolloutRecord} on {@code rewind.rollouts}. */
public final class RolloutCodec {

    private RolloutCodec() {
    }

    /** The record of a rollout. */
    public static RolloutRecord encode(Rollout r) {
        RolloutSpec spec = r.spec();
        RolloutRecord.Builder b = RolloutRecord.newBuilder()
                .setRolloutId(r.id().value())
                .setComponent(spec.component())
                .setSelector(spec.selector().toString())
                .setVersion(spec.version())
                .setBaseline(spec.baseline())
                .setStepBasisPoints(spec.stepBasisPoints())
                .setRampDimension(spec.rampDimension().label())
                .setMarginBasisPoints(spec.guard().marginBasisPoints())
                .setWindowMillis(spec.guard().window().toMillis())
                .setMinSamples(spec.guard().minSamples())
                .setPreviousRoute(encode(r.previousRoute()))
                .setStepIndex(r.phase().step())
                .setMovedFrom(r.movedFrom())
                .setAuthor(r.author())
                .setReason(r.reason())
                .setCreatedAt(r.createdAt())
                .setUpdatedAt(r.updatedAt())
                .setDecisions(r.decisions().stream().map(RolloutCodec::encode).toList());
        RolloutPhase phase = r.phase();
        if (phase instanceof RolloutPhase.Watching w) {
            b.setPhase(RolloutPhaseKind.WATCHING).setStepEffectiveFrom(w.effectiveFrom()).setWatchFrom(w.watchFrom());
        } else if (phase instanceof RolloutPhase.Paused p) {
            b.setPhase(RolloutPhaseKind.PAUSED).setStepEffectiveFrom(p.effectiveFrom());
        } else if (phase instanceof RolloutPhase.RollingBack rb) {
            b.setPhase(RolloutPhaseKind.ROLLING_BACK).setRollbackEffectiveFrom(rb.routeBackFrom());
        } else if (phase instanceof RolloutPhase.Replaying rp) {
            b.setPhase(RolloutPhaseKind.REPLAYING).setRollbackEffectiveFrom(rp.routeBackFrom())
                    .setReplayId(rp.replayId());
        } else if (phase instanceof RolloutPhase.RolledBack rd) {
            b.setPhase(RolloutPhaseKind.ROLLED_BACK).setRollbackEffectiveFrom(rd.routeBackFrom())
                    .setReplayId(rd.replayId());
        } else if (phase instanceof RolloutPhase.Completed) {
            b.setPhase(RolloutPhaseKind.COMPLETED);
        } else {
            b.setPhase(RolloutPhaseKind.ABORTED);
        }
        return b.build();
    }

    /**
     * The rollout of a record.
     *
     * @throws IllegalArgumentException when the record breaks a rule of the domain (a record written by a
     *     newer service with a phase this one does not know)
     */
    public static Rollout decode(RolloutRecord r) {
        RolloutSpec spec = new RolloutSpec(r.getComponent(), CohortSelector.parse(r.getSelector()), r.getVersion(),
                r.getBaseline(), List.copyOf(r.getStepBasisPoints()), Ramp.Dimension.parse(r.getRampDimension()),
                new GuardPolicy(r.getMarginBasisPoints(), Duration.ofMillis(r.getWindowMillis()), r.getMinSamples()));
        int step = r.getStepIndex();
        RolloutPhase phase = switch (r.getPhase()) {
            case WATCHING -> new RolloutPhase.Watching(step, r.getStepEffectiveFrom(), r.getWatchFrom());
            case PAUSED -> new RolloutPhase.Paused(step, r.getStepEffectiveFrom());
            case ROLLING_BACK -> new RolloutPhase.RollingBack(step, r.getRollbackEffectiveFrom());
            case REPLAYING -> new RolloutPhase.Replaying(step, r.getRollbackEffectiveFrom(), r.getReplayId());
            case ROLLED_BACK -> new RolloutPhase.RolledBack(step, r.getRollbackEffectiveFrom(), r.getReplayId());
            case COMPLETED -> new RolloutPhase.Completed(step);
            case ABORTED -> new RolloutPhase.Aborted(step);
            case UNKNOWN -> throw new IllegalArgumentException("rollout " + r.getRolloutId()
                    + " is in a phase this service does not know; upgrade it");
        };
        return new Rollout(new RolloutId(r.getRolloutId()), spec, decode(r.getPreviousRoute()), phase,
                r.getMovedFrom(), r.getAuthor(), r.getReason(), r.getCreatedAt(), r.getUpdatedAt(),
                r.getDecisions().stream().map(RolloutCodec::decode).toList());
    }

    private static RolloutPreviousRoute encode(PreviousRoute p) {
        if (p == null) {
            return null;
        }
        RampSpec ramp = p.ramp();
        return RolloutPreviousRoute.newBuilder().setTarget(p.target()).setTargetKind(p.targetKind())
                .setRampDimension(ramp == null ? null : ramp.dimension())
                .setRampPercent(ramp == null ? null : ramp.percent().toPlainString())
                .setRampTarget(ramp == null ? null : ramp.target())
                .setRampTargetKind(ramp == null ? null : ramp.targetKind()).build();
    }

    private static PreviousRoute decode(RolloutPreviousRoute p) {
        if (p == null) {
            return null;
        }
        RampSpec ramp = p.getRampPercent() == null ? null : new RampSpec(p.getRampDimension(),
                new BigDecimal(p.getRampPercent()), p.getRampTarget(), p.getRampTargetKind());
        return new PreviousRoute(p.getTarget(), p.getTargetKind(), ramp);
    }

    private static RolloutDecisionRecord encode(Decision d) {
        return RolloutDecisionRecord.newBuilder().setAt(d.at()).setKind(d.kind()).setStep(d.step())
                .setDetail(d.detail()).setVersionOutcomes(d.version().outcomes()).setVersionErrors(d.version().errors())
                .setBaselineOutcomes(d.baseline().outcomes()).setBaselineErrors(d.baseline().errors())
                .setAuthor(d.author()).setRouteChangeId(d.routeChangeId()).setReplayId(d.replayId()).build();
    }

    private static Decision decode(RolloutDecisionRecord d) {
        return new Decision(d.getAt(), d.getKind(), d.getStep(), d.getDetail(),
                new Sample(d.getVersionOutcomes(), d.getVersionErrors()),
                new Sample(d.getBaselineOutcomes(), d.getBaselineErrors()), d.getAuthor(), d.getRouteChangeId(),
                d.getReplayId());
    }
}

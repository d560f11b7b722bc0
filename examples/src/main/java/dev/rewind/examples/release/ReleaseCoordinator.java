package dev.rewind.examples.release;

import dev.rewind.demo.release.BuildFinished;
import dev.rewind.demo.release.CommitPushed;
import dev.rewind.demo.release.DeployFinished;
import dev.rewind.demo.release.TestsReported;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.ProcessorInit;
import dev.rewind.examples.release.ReleaseRules.Step;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo component: decides which build of a project to release, one project (the events' key)
 * at a time, keeping a {@link ProjectLedger} in the entity state and emitting a
 * {@link ReleaseDecision} to {@link ReleaseDemo#DECISIONS_TOPIC} when a build is released, held or
 * rolled back.
 *
 * <p>Both demo versions run this class; the version name picks the {@link TestPolicy}, so
 * {@code v1} fails on every enterprise test report without failures and {@code v2} does not.
 * Works with generic and specific Avro payloads. Events of other types are ignored.
 */
public final class ReleaseCoordinator implements EventProcessor {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReleaseCoordinator.class);

    static final String COMMIT_PUSHED = CommitPushed.getClassSchema().getFullName();
    static final String BUILD_FINISHED = BuildFinished.getClassSchema().getFullName();
    static final String TESTS_REPORTED = TestsReported.getClassSchema().getFullName();
    static final String DEPLOY_FINISHED = DeployFinished.getClassSchema().getFullName();

    private ReleaseRules rules = new ReleaseRules(TestPolicy.FLAKY_TOLERANT);

    /** For the runtime's {@code processor.class}; the version is taken from {@link #init}. */
    public ReleaseCoordinator() {
    }

    @Override
    public void init(ProcessorInit init) {
        TestPolicy policy = TestPolicy.forVersion(init.componentVersion().version());
        rules = new ReleaseRules(policy);
        LOGGER.atInfo().setMessage("Release coordinator ready")
                .addKeyValue("component", init.componentVersion().component())
                .addKeyValue("version", init.componentVersion().version())
                .addKeyValue("testPolicy", policy)
                .log();
    }

    @Override
    public void process(Event event, ProcessorContext context) {
        ProjectLedger ledger = context.state().get().map(ProjectLedger::decode)
                .orElseGet(ProjectLedger::empty);
        Step step = apply(event, ledger);
        context.state().put(step.ledger().encode());
        step.verdict().ifPresent(verdict -> {
            String project = event.keyAsString();
            ReleaseDecision decision = new ReleaseDecision(event.eventId().value() + "/decision",
                    event.cohort(), project, verdict.buildId(), verdict.commitSha(),
                    verdict.action(), verdict.reason(), event.eventId().value());
            context.emit(ReleaseDemo.DECISIONS_TOPIC, project, decision.toAvro());
        });
    }

    private Step apply(Event event, ProjectLedger ledger) {
        GenericRecord payload = event.payload();
        String type = event.type();
        if (COMMIT_PUSHED.equals(type)) {
            return rules.commitPushed(ledger, text(payload, "commitSha"), text(payload, "branch"));
        }
        if (BUILD_FINISHED.equals(type)) {
            return rules.buildFinished(ledger, text(payload, "buildId"), text(payload, "commitSha"),
                    "SUCCEEDED".equals(text(payload, "status")));
        }
        if (TESTS_REPORTED.equals(type)) {
            return rules.testsReported(ledger, text(payload, "buildId"),
                    (Integer) payload.get("failed"), (Integer) payload.get("flaky"));
        }
        if (DEPLOY_FINISHED.equals(type)) {
            return rules.deployFinished(ledger, text(payload, "buildId"),
                    text(payload, "environment"), (Boolean) payload.get("succeeded"));
        }
        return Step.quiet(ledger);
    }

    /** Strings and enum symbols arrive as String, Utf8 or enum depending on the reader: normalise. */
    private static String text(GenericRecord record, String field) {
        Object value = record.get(field);
        return value == null ? null : value.toString();
    }
}

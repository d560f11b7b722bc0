package dev.rewind.replaytool.history.internal;

import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.DlqEntry;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.avro.OutputRef;
import dev.rewind.demo.release.CommitPushed;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Builders of the records the engine writes, for tests. */
public final class Records {

    private Records() {
    }

    public static Cohort cohort(String customer, String plan, String project) {
        return Cohort.newBuilder().setCustomer(customer).setPlan(plan).setProject(project).build();
    }

    public static CommitPushed commit(String eventId, Cohort cohort) {
        return CommitPushed.newBuilder().setEventId(eventId).setCohort(cohort).setRepository("repo")
                .setBranch("main").setCommitSha("abc123").setAuthor("ada").build();
    }

    public static Outcome outcome(String eventId, Cohort cohort, String version, String replayId, OutcomeStatus status,
                           long durationMicros, Instant at) {
        return Outcome.newBuilder().setEventId(eventId).setComponent("release-coordinator").setVersion(version)
                .setReplayId(replayId).setStatus(status).setEventType(CommitPushed.getClassSchema().getFullName())
                .setCohort(cohort).setEventTime(at).setSourceTopic("commits").setSourcePartition(0)
                .setSourceOffset(0).setOutputs(List.of(OutputRef.newBuilder().setTopic("releases").setPartition(0)
                        .setOffset(7L).setKey("p1").build()))
                .setDurationMicros(durationMicros).setError(status == OutcomeStatus.ERROR ? "boom" : null)
                .setProcessedAt(at).setInstanceId("i-1").build();
    }

    public static DlqEntry dlq(String eventId, String version, Instant at) {
        return DlqEntry.newBuilder().setEventId(eventId).setComponent("release-coordinator").setVersion(version)
                .setReason("cannot parse branch").setErrorClass("java.lang.IllegalStateException")
                .setSourceTopic("commits").setSourcePartition(0).setSourceOffset(0).setTimestamp(at)
                .setKey(null).setValue(ByteBuffer.wrap(new byte[] {1, 2})).setHeaders(List.of()).setFailedAt(at)
                .build();
    }
}

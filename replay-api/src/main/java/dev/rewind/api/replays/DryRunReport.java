package dev.rewind.api.replays;

import dev.rewind.api.OpenApiSchema;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a dry run found: the outputs the version would produce for the window's events of the
 * cohort, compared with those committed for the same events (API view of the protocol's
 * {@code dev.rewind.protocol.control.DryRunReport}, converted by the service).
 *
 * @param events events run in the sandbox
 * @param same outputs identical to a committed one
 * @param changed outputs with the same topic and key but another value
 * @param added outputs without a committed counterpart
 * @param missing committed outputs the version would no longer produce
 * @param errored events the processor failed on
 * @param sample some of the differences
 * @param failed whether the dry run itself failed
 * @param message why it failed, if it did
 * @param completedAt when it finished
 * @param instanceId the instance that ran it
 */
@OpenApiSchema("DryRunResult")
public record DryRunReport(long events, long same, long changed, long added, long missing, long errored,
        List<Difference> sample, boolean failed, String message, Instant completedAt, String instanceId) {

    /** Copies the sample. */
    public DryRunReport {
        sample = List.copyOf(sample);
        Objects.requireNonNull(completedAt, "completedAt");
    }

    /**
     * One difference between what was committed and what the version would produce.
     *
     * @param eventId the event
     * @param kind changed, new or missing
     * @param topic output topic
     * @param key output key, if any
     * @param expected the committed output (JSON when Avro), if any
     * @param actual the sandbox output (JSON when Avro), if any
     */
    public record Difference(String eventId, String kind, String topic, String key, String expected, String actual) {
    }
}

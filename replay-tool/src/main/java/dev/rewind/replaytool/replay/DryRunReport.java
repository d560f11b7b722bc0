package dev.rewind.replaytool.replay;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a dry run found: the outputs the version would produce for the window's events of the
 * cohort, compared with those committed for the same events (API view of the protocol's
 * {@link dev.rewind.protocol.control.DryRunReport}).
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
public record DryRunReport(long events, long same, long changed, long added, long missing, long errored,
        List<Difference> sample, boolean failed, String message, Instant completedAt, String instanceId) {

    /** Copies the sample. */
    public DryRunReport {
        sample = List.copyOf(sample);
        Objects.requireNonNull(completedAt, "completedAt");
    }

    /** The API view of a dry-run report read from the control topic. */
    public static DryRunReport of(dev.rewind.protocol.control.DryRunReport r) {
        return new DryRunReport(r.events(), r.same(), r.changed(), r.added(), r.missing(), r.errored(),
                r.sample().stream().map(d -> new Difference(d.eventId(), d.kind().name().toLowerCase(Locale.ROOT),
                        d.topic(), d.key().orElse(null), d.expected().orElse(null), d.actual().orElse(null))).toList(),
                r.failed(), r.message().orElse(null), r.completedAt(), r.instanceId());
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

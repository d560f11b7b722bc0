package dev.rewind.engine.replay;

import dev.rewind.engine.runtime.spi.Emitted;
import dev.rewind.schemas.avro.DryRunDifference;
import dev.rewind.schemas.avro.DryRunDifferenceKind;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Compares, event by event, the outputs a version would produce in a sandbox (a dry run, a shadow
 * run) with the committed outputs produced for the same events: an output equal in topic, key and value (bytes,
 * or for Avro the decoded record: writers may be given different ids for one schema, and a sandbox may fail to
 * serialize a record whose schema it cannot look up) to a committed one is
 * <em>same</em>; one with the topic and key of a committed one but another value is
 * <em>changed</em>; what is left is <em>new</em> (only in the dry run) or <em>missing</em> (only
 * committed). Keeps the first differences as a sample. Not thread-safe.
 */
public final class OutputComparison {

    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(OutputComparison.class);

    /** How many differences the sample keeps. */
    public static final int SAMPLE_SIZE = 20;

    private final List<DryRunDifference> sample = new ArrayList<>();
    private long events;
    private long same;
    private long changed;
    private long added;
    private long missing;

    /**
     * One output.
     *
     * @param topic the output topic
     * @param key the key, may be null
     * @param value the value bytes as written, may be null (tombstone)
     * @param rendered the value for people (JSON for Avro), for the sample
     */
    public record Output(String topic, String key, byte[] value, String rendered) {
        /** Validates. */
        public Output {
            Objects.requireNonNull(topic, "topic");
        }

        /**
         * An output a sandboxed processor emitted, serialized as the runtime would write it (Avro in the
         * Confluent wire format, schemas not registered by a sandbox).
         */
        public static Output emitted(Emitted emitted, AvroSerializer serializer, AvroDeserializer deserializer) {
            byte[] bytes;
            if (emitted.value() == null || emitted.value() instanceof byte[]) {
                bytes = (byte[]) emitted.value();
            } else {
                try {
                    bytes = serializer.serialize(emitted.topic(), emitted.value());
                } catch (RuntimeException e) {
                    // not registered for the topic (a sandbox never registers), or the registry did not answer:
                    // compared as the record it is
                    LOGGER.atWarn().addKeyValue("topic", emitted.topic()).addKeyValue("error", e.toString())
                            .log("A sandboxed output could not be serialized; comparing it as decoded");
                    return new Output(emitted.topic(), emitted.key(), null, String.valueOf(emitted.value()));
                }
            }
            return new Output(emitted.topic(), emitted.key(), bytes, render(emitted.topic(), bytes, deserializer));
        }

        /** An output read from its topic (committed by a version). */
        public static Output committed(String topic, byte[] key, byte[] value, AvroDeserializer deserializer) {
            return new Output(topic, key == null ? null : new String(key, StandardCharsets.UTF_8), value,
                    render(topic, value, deserializer));
        }

        private static String render(String topic, byte[] value, AvroDeserializer deserializer) {
            if (value == null) {
                return null;
            }
            if (value.length > 5 && value[0] == 0) {
                try {
                    return String.valueOf(deserializer.deserialize(topic, value));
                } catch (RuntimeException e) {
                    // not Avro after all: show the bytes as text
                }
            }
            return new String(value, StandardCharsets.UTF_8);
        }

        /**
         * Same topic, key and value: the same bytes, or two Avro values (Confluent wire format) that decode to
         * the same record, which differ only in the schema id their writers were given.
         */
        boolean sameAs(Output other) {
            return topic.equals(other.topic) && Objects.equals(key, other.key) && (Arrays.equals(value, other.value)
                    || rendered != null && rendered.equals(other.rendered) && !plain(value) && !plain(other.value));
        }

        /** Bytes that are not Avro: only the bytes count. Avro, or a record the sandbox could not serialize, is
         * compared as decoded. */
        private static boolean plain(byte[] bytes) {
            return bytes != null && !(bytes.length > 5 && bytes[0] == 0);
        }

        boolean sameSlotAs(Output other) {
            return topic.equals(other.topic) && Objects.equals(key, other.key);
        }
    }

    /** Adds one event's outputs: what was committed for it and what the dry run produced. */
    public void add(String eventId, List<Output> committed, List<Output> dryRun) {
        events++;
        List<Output> expected = new ArrayList<>(committed);
        List<Output> actual = new ArrayList<>(dryRun);
        same += removeMatching(expected, actual, Output::sameAs, null, eventId);
        changed += removeMatching(expected, actual, Output::sameSlotAs, DryRunDifferenceKind.CHANGED, eventId);
        for (Output output : actual) {
            added++;
            note(eventId, DryRunDifferenceKind.NEW, output, null, output);
        }
        for (Output output : expected) {
            missing++;
            note(eventId, DryRunDifferenceKind.MISSING, output, output, null);
        }
    }

    private long removeMatching(List<Output> expected, List<Output> actual, Matcher matcher,
                                DryRunDifferenceKind kind, String eventId) {
        long matched = 0;
        for (Iterator<Output> it = actual.iterator(); it.hasNext(); ) {
            Output candidate = it.next();
            for (Iterator<Output> ex = expected.iterator(); ex.hasNext(); ) {
                Output committed = ex.next();
                if (matcher.matches(candidate, committed)) {
                    ex.remove();
                    it.remove();
                    matched++;
                    if (kind != null) {
                        note(eventId, kind, candidate, committed, candidate);
                    }
                    break;
                }
            }
        }
        return matched;
    }

    private interface Matcher {
        boolean matches(Output actual, Output expected);
    }

    private void note(String eventId, DryRunDifferenceKind kind, Output slot, Output expected, Output actual) {
        if (sample.size() < SAMPLE_SIZE) {
            sample.add(DryRunDifference.newBuilder().setEventId(eventId).setKind(kind).setTopic(slot.topic())
                    .setKey(slot.key()).setExpected(expected == null ? null : expected.rendered())
                    .setActual(actual == null ? null : actual.rendered()).build());
        }
    }

    public long events() {
        return events;
    }

    public long same() {
        return same;
    }

    public long changed() {
        return changed;
    }

    public long added() {
        return added;
    }

    public long missing() {
        return missing;
    }

    /** The first differences found, at most {@link #SAMPLE_SIZE}. */
    public List<DryRunDifference> sample() {
        return List.copyOf(sample);
    }
}

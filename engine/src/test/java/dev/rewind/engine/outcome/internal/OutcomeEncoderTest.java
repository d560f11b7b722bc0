package dev.rewind.engine.outcome.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.avro.OutputRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The hand-written outcome encoding is Avro's, byte for byte (issue 12). */
class OutcomeEncoderTest {

    private static final byte[] PREFIX = {0, 0, 0, 1, 7};

    private final OutcomeEncoder encoder = new OutcomeEncoder();

    @Test
    void writesAnOkOutcomeWithOutputsAsAvrosWriterDoes() {
        Outcome outcome = outcome("e-1", OutcomeStatus.OK);
        outcome.setOutputs(List.of(new OutputRef("out", null, null, "k1"), new OutputRef("out", 3, 42L, null)));

        assertSameAsAvro(outcome);
    }

    @Test
    void writesReplayedErroredAndDuplicateOutcomesAsAvrosWriterDoes() {
        Outcome replayed = outcome("e-2", OutcomeStatus.OK);
        replayed.setReplayId("r-7f3a");
        Outcome errored = outcome("e-3", OutcomeStatus.ERROR);
        errored.setError("PROCESSOR_ERROR: IllegalStateException: no such project 'p-9'");
        Outcome duplicate = outcome("e-4", OutcomeStatus.SKIPPED_DUP);
        duplicate.setCohort(new Cohort(null, null, null));

        assertSameAsAvro(replayed);
        assertSameAsAvro(errored);
        assertSameAsAvro(duplicate);
    }

    @Test
    void writesNonAsciiAndLongStringsAndExtremeNumbersAsAvrosWriterDoes() {
        Outcome outcome = outcome("événement-\u4e8b\u4ef6-\uD83D\uDE80", OutcomeStatus.ERROR);
        outcome.setError("x".repeat(20_000) + " unpaired \uD800 surrogate");
        outcome.setCohort(new Cohort("Zoë", "plan-\u00ff", "p".repeat(200)));
        outcome.setSourcePartition(Integer.MAX_VALUE);
        outcome.setSourceOffset(Long.MAX_VALUE);
        outcome.setDurationMicros(-1);
        outcome.setEventTime(Instant.ofEpochMilli(-86_400_000L));
        outcome.setProcessedAt(Instant.ofEpochMilli(Long.MAX_VALUE / 2));

        assertSameAsAvro(outcome);
        // the buffer grown for the large one is dropped; the next outcome is still right
        assertSameAsAvro(outcome("e-5", OutcomeStatus.OK));
    }

    @Test
    void writesManyOutputsAsOneBlockAsAvrosWriterDoes() {
        Outcome outcome = outcome("e-6", OutcomeStatus.OK);
        List<OutputRef> outputs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            outputs.add(new OutputRef("out-" + (i % 3), i % 2 == 0 ? i : null, i % 5 == 0 ? (long) i << 33 : null,
                    i % 7 == 0 ? null : "key-" + i));
        }
        outcome.setOutputs(outputs);

        assertSameAsAvro(outcome);
    }

    @Test
    void aFieldWhoseValueChangesIsEncodedAgainWhileTheOthersKeepTheirs() {
        Outcome first = outcome("e-7", OutcomeStatus.OK);
        Outcome otherTopicAndType = outcome("e-8", OutcomeStatus.OK);
        otherTopicAndType.setSourceTopic(new String("deploys"));
        otherTopicAndType.setEventType("dev.rewind.demo.release.DeployFinished");
        Outcome equalTextOtherInstance = outcome("e-9", OutcomeStatus.OK);
        equalTextOtherInstance.setComponent(new String("release-coordinator"));

        for (Outcome outcome : List.of(first, otherTopicAndType, first, equalTextOtherInstance, first)) {
            assertSameAsAvro(outcome);
        }
    }

    @Test
    void randomOutcomesAreWrittenAsAvrosWriterWritesThem() {
        Random random = new Random(12);
        String[] texts = {"a", "", "customer-17", "\u00e9t\u00e9", "\uD83D\uDE00", "x".repeat(130)};
        for (int i = 0; i < 2_000; i++) {
            Outcome outcome = outcome("e-" + random.nextLong(), OutcomeStatus.values()[random.nextInt(3)]);
            outcome.setReplayId(random.nextBoolean() ? null : texts[random.nextInt(texts.length)]);
            outcome.setCohort(new Cohort(pick(random, texts), pick(random, texts), pick(random, texts)));
            outcome.setSourcePartition(random.nextInt());
            outcome.setSourceOffset(random.nextLong());
            outcome.setDurationMicros(random.nextLong() >> random.nextInt(64));
            outcome.setError(pick(random, texts));
            outcome.setEventTime(Instant.ofEpochMilli(random.nextLong() >> 20));
            List<OutputRef> outputs = new ArrayList<>();
            for (int j = random.nextInt(4); j > 0; j--) {
                outputs.add(new OutputRef(texts[random.nextInt(texts.length)],
                        random.nextBoolean() ? null : random.nextInt(), random.nextBoolean() ? null : random.nextLong(),
                        pick(random, texts)));
            }
            outcome.setOutputs(outputs);

            assertSameAsAvro(outcome);
        }
    }

    @Test
    void whatItWritesDecodesWithTheOutcomeSchema() throws IOException {
        Outcome outcome = outcome("e-10", OutcomeStatus.OK);
        outcome.setReplayId("r-1");
        outcome.setOutputs(List.of(new OutputRef("out", null, null, "k")));

        byte[] encoded = encoder.encode(new byte[0], outcome);
        Outcome decoded = new SpecificDatumReader<>(Outcome.class).read(null,
                DecoderFactory.get().binaryDecoder(encoded, null));

        assertThat(decoded).isEqualTo(outcome);
    }

    @Test
    void aRequiredFieldThatIsNullIsNamed() {
        Outcome outcome = outcome("e-11", OutcomeStatus.OK);
        outcome.setEventType(null);

        assertThatThrownBy(() -> encoder.encode(PREFIX, outcome)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("eventType");
    }

    private void assertSameAsAvro(Outcome outcome) {
        byte[] expected = avro(outcome);
        assertThat(encoder.encode(PREFIX, outcome)).as("encoding of %s", outcome.getEventId()).isEqualTo(expected);
    }

    /** What the serializer writes: the prefix, then Avro's specific writer. */
    private static byte[] avro(Outcome outcome) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(PREFIX);
            BinaryEncoder binary = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<>(Outcome.class).write(outcome, binary);
            binary.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String pick(Random random, String[] texts) {
        return random.nextInt(3) == 0 ? null : texts[random.nextInt(texts.length)];
    }

    private static Outcome outcome(String eventId, OutcomeStatus status) {
        Outcome outcome = new Outcome();
        outcome.setEventId(eventId);
        outcome.setComponent("release-coordinator");
        outcome.setVersion("v2");
        outcome.setStatus(status);
        outcome.setEventType("dev.rewind.demo.release.CommitPushed");
        outcome.setCohort(new Cohort("acme", "pro", "p-1"));
        outcome.setEventTime(Instant.ofEpochMilli(1_764_547_200_123L));
        outcome.setSourceTopic("commits");
        outcome.setSourcePartition(4);
        outcome.setSourceOffset(123_456_789L);
        outcome.setOutputs(List.of());
        outcome.setDurationMicros(57);
        outcome.setProcessedAt(Instant.ofEpochMilli(1_764_547_201_000L));
        outcome.setInstanceId("instance-a1");
        return outcome;
    }
}

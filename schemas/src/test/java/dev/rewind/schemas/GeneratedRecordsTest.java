package dev.rewind.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.schemas.avro.Cohort;
import dev.rewind.schemas.avro.Outcome;
import dev.rewind.schemas.avro.OutcomeStatus;
import dev.rewind.schemas.avro.OutputRef;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.TargetKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class GeneratedRecordsTest {

    @Test
    void aRouteChangeWithTimestampsAndAnOpenEndSurvivesBinaryEncoding() throws IOException {
        RouteChange change = RouteChange.newBuilder()
                .setChangeId("c-1").setComponent("release-coordinator").setSelector("customer:acme")
                .setTarget("v2").setTargetKind(TargetKind.VERSION)
                .setEffectiveFrom(Instant.ofEpochMilli(1_700_000_000_123L)).setEffectiveTo(null)
                .setKind(RouteChangeKind.SET).setReplayId(null)
                .setPublishedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setAuthor("ada").setReason("beta for acme")
                .build();

        assertThat(roundTrip(change, RouteChange.class)).isEqualTo(change);
    }

    @Test
    void anOutcomeWithOutputsOfUnknownOffsetSurvivesBinaryEncoding() throws IOException {
        Outcome outcome = Outcome.newBuilder()
                .setEventId("e-1").setComponent("release-coordinator").setVersion("v1")
                .setStatus(OutcomeStatus.OK).setEventType("dev.rewind.demo.release.CommitPushed")
                .setCohort(Cohort.newBuilder().setCustomer("acme").setProject("p1").build())
                .setEventTime(Instant.ofEpochMilli(5)).setSourceTopic("commits").setSourcePartition(2)
                .setSourceOffset(42).setOutputs(List.of(OutputRef.newBuilder().setTopic("releases").setKey("p1").build()))
                .setDurationMicros(17).setProcessedAt(Instant.ofEpochMilli(6)).setInstanceId("i-1")
                .build();

        Outcome decoded = roundTrip(outcome, Outcome.class);

        assertThat(decoded).isEqualTo(outcome);
        assertThat(decoded.getCohort().getPlan()).isNull();
        assertThat(decoded.getOutputs().get(0).getOffset()).isNull();
    }

    private static <T extends SpecificRecord> T roundTrip(T record, Class<T> type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(type).write(record, encoder);
        encoder.flush();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
        return new SpecificDatumReader<T>(type).read(null, decoder);
    }
}

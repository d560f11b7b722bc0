package dev.rewind.engine.routing;

import static dev.rewind.engine.routing.Changes.ramp;
import static dev.rewind.engine.routing.Changes.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.internal.RouteRecords;
import dev.rewind.protocol.Ramp;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.RouteRamp;
import dev.rewind.schemas.avro.TargetKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class RouteRampTest {

    private static final String C = "rc";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static ComponentVersion v(String version) {
        return new ComponentVersion(C, version);
    }

    /** A customer the ramp admits at {@code basisPoints} and one it does not. */
    private static String customerInside(int basisPoints, boolean inside) {
        return IntStream.range(0, 10_000).mapToObj(i -> "c" + i)
                .filter(c -> (Ramp.bucket(c) < basisPoints) == inside).findFirst().orElseThrow();
    }

    @Test
    void aRampSendsTheAdmittedCustomersToItsTargetAndTheRestToTheRoutesTarget() {
        RouteHistory history = RouteHistory.builder()
                .add(ramp(C, "plan:enterprise", "v1", "v2", 2500, t(0), t(0)))
                .build();
        String in = customerInside(2500, true);
        String out = customerInside(2500, false);

        assertThat(history.owner(C, Cohort.of(in, "enterprise", null), t(1))).contains(v("v2"));
        assertThat(history.owner(C, Cohort.of(out, "enterprise", null), t(1))).contains(v("v1"));
        assertThat(history.owner(C, Cohort.ofPlan("enterprise"), t(1))).as("no customer: never ramped")
                .contains(v("v1"));
        assertThat(history.owner(C, Cohort.ofCustomer(in), t(1))).as("another plan: the route does not match")
                .isEmpty();
        assertThat(history.rampedAt(C, Cohort.ofPlan("enterprise"), t(1))).isTrue();
        assertThat(history.versionsNamed(C)).containsExactly("v1", "v2");
        assertThat(history.routesAt(C, t(1))).singleElement().satisfies(r -> {
            assertThat(r.ramp().ramp()).isEqualTo(new Ramp(Ramp.Dimension.CUSTOMER, 2500));
            assertThat(r.ramp().target()).isEqualTo(RouteTarget.version("v2"));
            assertThat(r.targetFor(Cohort.ofCustomer(in))).isEqualTo(RouteTarget.version("v2"));
        });
    }

    @Test
    void aRampStepIsARouteChangeEffectiveFromItsTimeAndACustomerNeverGoesBack() {
        RouteHistory history = RouteHistory.builder()
                .add(set(C, "default", "v1", t(0), t(0)))
                .add(ramp(C, "default", "v1", "v2", 1000, t(10), t(5)))
                .add(ramp(C, "default", "v1", "v2", 5000, t(20), t(15)))
                .add(ramp(C, "default", "v1", "v2", 10_000, t(30), t(25)))
                .add(set(C, "default", "v2", t(40), t(35)))
                .build();
        for (int i = 0; i < 500; i++) {
            Cohort cohort = Cohort.ofCustomer("customer-" + i);
            boolean onV2 = false;
            for (int second = 0; second < 45; second++) {
                boolean now = history.owner(C, cohort, t(second)).orElseThrow().equals(v("v2"));
                assertThat(!onV2 || now).as("%s at %d s went back to v1", cohort, second).isTrue();
                onV2 = now;
            }
            assertThat(onV2).isTrue();
        }
        assertThat(history.rampedAt(C, Cohort.none(), t(5))).isFalse();
        assertThat(history.rampedAt(C, Cohort.none(), t(45))).isFalse();
    }

    @Test
    void aMoreSpecificPlainRouteWinsOverARampAndARampAtZeroRampsNobody() {
        String in = customerInside(5000, true);
        RouteHistory history = RouteHistory.builder()
                .add(ramp(C, "default", "v1", "v2", 5000, t(0), t(0)))
                .add(set(C, "customer:" + in, "v3", t(0), t(0)))
                .add(ramp(C, "plan:free", "v1", "v2", 0, t(0), t(0)))
                .build();

        assertThat(history.owner(C, Cohort.ofCustomer(in), t(1))).contains(v("v3"));
        assertThat(history.owner(C, Cohort.of(in, "free", null), t(1))).contains(v("v3"));
        assertThat(history.owner(C, Cohort.of(customerInside(10_000, true), "free", null), t(1))).contains(v("v1"));
        assertThat(history.rampedAt(C, Cohort.ofPlan("free"), t(1))).as("a zero share splits nothing").isFalse();
    }

    @Test
    void aRampIsOnlyValidOnASetWithAKnownDimensionAndAShareUpToTenThousand() {
        RouteChange onUnset = Changes.unset(C, "default", t(0), t(0));
        onUnset.setRamp(RouteRamp.newBuilder().setDimension("customer").setBasisPoints(10).setTarget("v2")
                .setTargetKind(TargetKind.VERSION).build());
        assertThatThrownBy(() -> RouteHistory.builder().add(onUnset)).hasMessageContaining("only a SET");

        RouteChange badDimension = ramp(C, "default", "v1", "v2", 10, t(0), t(0));
        badDimension.getRamp().setDimension("team");
        assertThatThrownBy(() -> RouteHistory.builder().add(badDimension)).hasMessageContaining("'team'")
                .hasMessageContaining(badDimension.getChangeId());

        RouteChange tooMuch = ramp(C, "default", "v1", "v2", 10_001, t(0), t(0));
        assertThatThrownBy(() -> RouteHistory.builder().add(tooMuch)).hasMessageContaining("10001");
    }

    @Test
    void routeRecordsWithARampRoundTripAndRecordsOfTheSchemaBeforeRampsStillDecode() throws IOException {
        RouteChange ramped = ramp(C, "default", "v1", "v2", 2500, t(0), t(0));
        assertThat(RouteRecords.decode(RouteRecords.encode(ramped))).isEqualTo(ramped);

        Schema v1;
        try (InputStream in = RouteRecords.class.getResourceAsStream("RouteChange-1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        assertThat(v1.getField("ramp")).as("the schema routes were written with before ramps").isNull();
        GenericRecord old = new GenericData.Record(v1);
        old.put("changeId", "old-1");
        old.put("component", C);
        old.put("selector", "default");
        old.put("target", "v1");
        old.put("targetKind", new GenericData.EnumSymbol(v1.getField("targetKind").schema(), "VERSION"));
        old.put("effectiveFrom", t(0).toEpochMilli());
        old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "SET"));
        old.put("publishedAt", t(0).toEpochMilli());
        old.put("author", "a");
        old.put("reason", "r");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old, bytes);

        RouteChange decoded = (RouteChange) RouteRecords.decode(bytes.toByteArray());
        assertThat(decoded.getRamp()).isNull();
        assertThat(decoded.getKind()).isEqualTo(RouteChangeKind.SET);
        assertThat(RouteHistory.builder().add(decoded).build().owner(C, Cohort.none(), t(1))).contains(v("v1"));
    }
}

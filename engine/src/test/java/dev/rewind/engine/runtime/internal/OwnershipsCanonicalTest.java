package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.demo.release.CommitPushed;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.RouteHistory;
import dev.rewind.engine.routing.RouteSnapshot;
import dev.rewind.engine.runtime.spi.CohortKeys;
import dev.rewind.engine.runtime.spi.EventDecoder;
import dev.rewind.engine.runtime.spi.OwnershipCheck;
import dev.rewind.engine.runtime.spi.OwnershipCheck.Decision;
import dev.rewind.schemas.avro.RouteChange;
import dev.rewind.schemas.avro.RouteChangeKind;
import dev.rewind.schemas.avro.TargetKind;
import dev.rewind.schemas.registry.InMemorySchemaRegistryClient;
import dev.rewind.schemas.serde.AvroDeserializer;
import dev.rewind.schemas.serde.AvroSerializer;
import dev.rewind.schemas.serde.CohortMatcher;
import dev.rewind.schemas.serde.EventProjection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Ownership by canonical cohort: the same decisions as by the whole cohort, from the history the keys came from. */
class OwnershipsCanonicalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ComponentVersion V2 = new ComponentVersion("rc", "v2");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer serializer = new AvroSerializer(registry);
    private final EventDecoder decoder = new EventDecoder(new AvroDeserializer(registry), new EventProjection(registry),
            new CohortMatcher(registry));
    private final AtomicReference<RouteSnapshot> snapshot = new AtomicReference<>(snapshot(
            route("default", "v1", RouteChangeKind.SET, 0), route("customer:acme", "v2", RouteChangeKind.SET, 0),
            route("plan:pro", "v3", RouteChangeKind.SET, 10)));
    private final OwnershipCheck ownership = Ownerships.of(snapshot::get, null, V2);

    @Test
    void decidesEveryCanonicalCohortAsItsWholeCohortAtEveryTime() {
        CohortKeys keys = ownership.cohortKeys().orElseThrow();
        for (String customer : List.of("acme", "globex")) {
            for (String plan : List.of("pro", "team")) {
                for (int second : new int[] {1, 5, 11, 20, 5, 1}) {
                    Cohort whole = Cohort.of(customer, plan, "p-" + second);
                    Cohort canonical = decoder.peekCohort(record(whole), keys);

                    assertThat(ownership.decideCanonical(canonical, keys, T0.plusSeconds(second)))
                            .as(whole + " at " + second).contains(ownership.decide(whole, T0.plusSeconds(second)));
                }
            }
        }
        assertThat(ownership.decide(Cohort.of("acme", "pro", null), T0.plusSeconds(20))).isEqualTo(Decision.OWNED);
        assertThat(ownership.decide(Cohort.of("globex", "pro", null), T0.plusSeconds(20))).isEqualTo(Decision.NOT_OWNED);
    }

    @Test
    void keysOfAnOlderRouteHistoryDecideNothingAndTheNewKeysNameTheNewRoute() {
        CohortKeys keys = ownership.cohortKeys().orElseThrow();
        Cohort globex = decoder.peekCohort(record(Cohort.ofCustomer("globex")), keys);
        assertThat(ownership.decideCanonical(globex, keys, T0.plusSeconds(30))).contains(Decision.NOT_OWNED);

        snapshot.set(snapshot(route("default", "v1", RouteChangeKind.SET, 0),
                route("customer:acme", "v2", RouteChangeKind.SET, 0), route("plan:pro", "v3", RouteChangeKind.SET, 10),
                route("customer:globex", "v2", RouteChangeKind.SET, 20)));

        assertThat(ownership.decideCanonical(globex, keys, T0.plusSeconds(30))).isEmpty();
        CohortKeys newer = ownership.cohortKeys().orElseThrow();
        Cohort globexNow = decoder.peekCohort(record(Cohort.ofCustomer("globex")), newer);
        assertThat(globexNow).isEqualTo(Cohort.ofCustomer("globex"));
        assertThat(ownership.decideCanonical(globexNow, newer, T0.plusSeconds(30))).contains(Decision.OWNED);
    }

    private ConsumerRecord<byte[], byte[]> record(Cohort cohort) {
        byte[] value = serializer.serialize("commits", CommitPushed.newBuilder().setEventId("e-1")
                .setCohort(dev.rewind.schemas.avro.Cohort.newBuilder().setCustomer(cohort.customer().orElse(null))
                        .setPlan(cohort.plan().orElse(null)).setProject(cohort.project().orElse(null)).build())
                .setRepository("r").setBranch("b").setCommitSha("s").setAuthor("a").build());
        return new ConsumerRecord<>("commits", 0, 0L, T0.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0,
                "p1".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty());
    }

    private static RouteSnapshot snapshot(RouteChange... changes) {
        RouteHistory.Builder builder = RouteHistory.builder();
        for (RouteChange change : changes) {
            builder.add(change);
        }
        return new RouteSnapshot(builder.build(), T0.plusSeconds(3_600));
    }

    private static int ids;

    private static RouteChange route(String selector, String version, RouteChangeKind kind, int from) {
        return RouteChange.newBuilder().setChangeId(String.format("c%06d", ++ids)).setComponent("rc")
                .setSelector(selector).setKind(kind).setTarget(version).setTargetKind(TargetKind.VERSION)
                .setEffectiveFrom(T0.plusSeconds(from)).setEffectiveTo(null).setPublishedAt(T0).setReplayId(null)
                .setAuthor("test").setReason("test").build();
    }
}

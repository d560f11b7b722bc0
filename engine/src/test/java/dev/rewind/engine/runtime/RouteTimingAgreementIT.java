package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.routing.RouteTimingAgreement;
import dev.rewind.engine.routing.RouteTimingAgreement.RouteTimingMismatchException;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every process of an installation runs with the route timing first recorded on {@code rewind.routes}. */
@ExtendWith(KafkaClusterExtension.class)
class RouteTimingAgreementIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RouteTiming FIVE_SECONDS =
            new RouteTiming(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(2));

    @Test
    void theFirstProcessRecordsItsTimingTheSameTimingAgreesAndAnotherMarginIsRefusedNamingBothValues(
            KafkaCluster cluster) throws Exception {
        String topic = "routes-" + UUID.randomUUID();
        AtomicInteger recorded = new AtomicInteger();
        try (RouteLog log = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()).withTopic(topic));
             RoutePublisher defaults = RoutePublisher.create(cluster.clientConfig(), topic, RouteTiming.DEFAULTS,
                     Clock.systemUTC());
             RoutePublisher shorter = RoutePublisher.create(cluster.clientConfig(), topic, FIVE_SECONDS,
                     Clock.systemUTC())) {
            RouteTimingAgreement.verify(log, RouteTiming.DEFAULTS, () -> {
                recorded.incrementAndGet();
                return defaults.recordTiming("first");
            }, WAIT);
            RouteTimingAgreement.verify(log, RouteTiming.DEFAULTS, () -> {
                recorded.incrementAndGet();
                return defaults.recordTiming("second");
            }, WAIT);
            assertThat(recorded).hasValue(1);

            assertThatThrownBy(() -> RouteTimingAgreement.verify(log, FIVE_SECONDS,
                    () -> shorter.recordTiming("third"), WAIT))
                    .isInstanceOf(RouteTimingMismatchException.class)
                    .hasMessageContaining("route.skew.margin.ms is 5000 here but 10000")
                    .hasMessageContaining("by first")
                    .hasMessageContaining("set route.skew.margin.ms=10000");
        }
    }

    @Test
    void whenTwoStartAtOnceWithDifferentMarginsTheOneRecordedFirstWins(KafkaCluster cluster) throws Exception {
        String topic = "routes-" + UUID.randomUUID();
        try (RouteLog log = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()).withTopic(topic));
             RouteLog otherLog = RouteLog.start(RouteLog.Options.of(cluster.clientConfig()).withTopic(topic));
             RoutePublisher shorter = RoutePublisher.create(cluster.clientConfig(), topic, FIVE_SECONDS,
                     Clock.systemUTC());
             RoutePublisher defaults = RoutePublisher.create(cluster.clientConfig(), topic, RouteTiming.DEFAULTS,
                     Clock.systemUTC())) {
            // both found nothing; the 5 s process's record is acknowledged first, so it is the installation's
            shorter.recordTiming("racer-5s");
            RouteTimingAgreement.verify(otherLog, FIVE_SECONDS, () -> shorter.recordTiming("racer-5s"), WAIT);

            assertThatThrownBy(() -> RouteTimingAgreement.verify(log, RouteTiming.DEFAULTS,
                    () -> defaults.recordTiming("racer-10s"), WAIT))
                    .isInstanceOf(RouteTimingMismatchException.class)
                    .hasMessageContaining("10000 here but 5000");
        }
    }

    @Test
    void aVersionInstanceWithAnotherMarginThanTheInstallationsRefusesToStart(KafkaCluster cluster,
            @TempDir Path stateDir) throws Exception {
        // the installation's timing is the default one (any engine of this cluster records it otherwise)
        try (RoutePublisher publisher = RoutePublisher.create(cluster.clientConfig(), RouteLog.Options.DEFAULT_TOPIC,
                RouteTiming.DEFAULTS, Clock.systemUTC())) {
            publisher.recordTiming("RouteTimingAgreementIT");
        }
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, "mock://route-timing-" + UUID.randomUUID(),
                stateDir, 1, (short) 1)) {
            Map<String, Object> settings = fixture.settings("v1", "a");
            settings.put(EngineConfig.ROUTE_SKEW_MARGIN_MS_CONFIG, "5000");

            assertThatThrownBy(() -> fixture.start(settings, () -> new ComponentRuntimeIT.EchoProcessor(
                    fixture.output)))
                    .hasRootCauseInstanceOf(RouteTimingMismatchException.class)
                    .rootCause().hasMessageContaining("route.skew.margin.ms is 5000 here but 10000");
        }
    }
}

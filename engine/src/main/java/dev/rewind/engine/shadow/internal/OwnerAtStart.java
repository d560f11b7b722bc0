package dev.rewind.engine.shadow.internal;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.runtime.spi.ClientConfigs;
import dev.rewind.protocol.CohortSelector;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Which version owns a cohort at a time, read from the route history ({@code rewind.routes}, read only). */
final class OwnerAtStart {

    private static final Duration ROUTES_TIMEOUT = Duration.ofSeconds(30);

    private OwnerAtStart() {
    }

    /**
     * The version the routes send the selector's cohort to at {@code time} (a cohort with only the
     * selector's dimension set: a more specific route inside it, e.g. one customer of a plan, is not seen).
     *
     * @throws IllegalStateException naming the fix when no route sends it anywhere
     */
    static String resolve(EngineConfig config, CohortSelector selector, Instant time) throws InterruptedException {
        Cohort cohort = switch (selector.kind()) {
            case DEFAULT -> Cohort.of(null, null, null);
            case CUSTOMER -> Cohort.of(selector.id(), null, null);
            case PLAN -> Cohort.of(null, selector.id(), null);
            case PROJECT -> Cohort.of(null, null, selector.id());
        };
        // RouteLog.start creates a missing route topic: a shadow run must not, so it looks first
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(ClientConfigs.restoreConsumer(config))) {
            if (probe.partitionsFor(RouteLog.Options.DEFAULT_TOPIC, ROUTES_TIMEOUT).isEmpty()) {
                throw new IllegalStateException("There is no " + RouteLog.Options.DEFAULT_TOPIC + " topic, so no"
                        + " route; name the version whose state to start from (--state-from)");
            }
        }
        try (RouteLog routes = RouteLog.start(RouteLog.Options.of(ClientConfigs.reader(config, "shadow-routes")))) {
            if (!routes.awaitHorizonAfter(time, ROUTES_TIMEOUT)) {
                throw new IllegalStateException("Could not read " + RouteLog.Options.DEFAULT_TOPIC + " up to " + time
                        + " within " + ROUTES_TIMEOUT + "; check that Kafka is reachable, or name the version"
                        + " whose state to start from (--state-from)");
            }
            return routes.history().owner(config.component(), cohort, time).map(ComponentVersion::version)
                    .orElseThrow(() -> new IllegalStateException("No route of " + config.component() + " sends "
                            + selector + " to a version at " + time + "; name the version whose state to start"
                            + " from (--state-from)"));
        }
    }
}

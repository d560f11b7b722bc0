package dev.rewind.local.internal;

import dev.rewind.engine.processor.Cohort;
import dev.rewind.engine.routing.Channel;
import dev.rewind.protocol.CohortSelector;
import dev.rewind.engine.routing.RouteHistory;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTarget;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.examples.release.ReleaseDemo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's starting routes: channel {@code stable} -> {@code v1}, {@code beta} -> {@code v2},
 * and the default route -> {@code stable}. Published only where missing, so a restart keeps
 * whatever the user changed since (e.g. a customer routed to {@code v2}).
 */
public final class DemoRoutes {

    private static final Logger LOGGER = LoggerFactory.getLogger(DemoRoutes.class);
    private static final String AUTHOR = "rewind up";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private DemoRoutes() {
    }

    /**
     * Publishes the missing starting routes.
     *
     * @return what was published, e.g. {@code channel stable -> v1}; empty when all were there
     */
    public static List<String> ensure(Map<String, Object> clientConfig, RouteTiming timing) {
        RouteHistory history = currentHistory(clientConfig, timing);
        // a change published now takes effect after the margin: look beyond it
        Instant later = Instant.now().plus(timing.margin()).plusSeconds(60);
        String component = ReleaseDemo.COMPONENT;
        List<String> published = new ArrayList<>();
        try (RoutePublisher publisher = RoutePublisher.create(clientConfig, RouteLog.Options.DEFAULT_TOPIC, timing,
                Clock.systemUTC())) {
            if (history.channelVersion(component, Channel.STABLE, later).isEmpty()) {
                publisher.setChannel(component, Channel.STABLE, ReleaseDemo.BUGGY_VERSION, null, AUTHOR,
                        "demo: the stable channel runs v1");
                published.add("channel stable -> " + ReleaseDemo.BUGGY_VERSION);
            }
            if (history.channelVersion(component, Channel.BETA, later).isEmpty()) {
                publisher.setChannel(component, Channel.BETA, ReleaseDemo.FIXED_VERSION, null, AUTHOR,
                        "demo: the beta channel runs v2");
                published.add("channel beta -> " + ReleaseDemo.FIXED_VERSION);
            }
            if (history.owner(component, Cohort.none(), later).isEmpty()) {
                publisher.setRoute(component, CohortSelector.DEFAULT, RouteTarget.channel(Channel.STABLE), null,
                        AUTHOR, "demo: everyone on stable");
                published.add("default -> channel stable");
            }
        }
        if (!published.isEmpty()) {
            LOGGER.atInfo().setMessage("Demo routes published").addKeyValue("component", component)
                    .addKeyValue("routes", published).log();
        }
        return published;
    }

    private static RouteHistory currentHistory(Map<String, Object> clientConfig, RouteTiming timing) {
        try (RouteLog log = RouteLog.start(RouteLog.Options.of(clientConfig).withTiming(timing))) {
            if (!log.awaitHorizonAfter(Instant.now(), READ_TIMEOUT)) {
                throw new IllegalStateException("Could not read " + RouteLog.Options.DEFAULT_TOPIC + " within "
                        + READ_TIMEOUT.toSeconds() + " s; is Kafka healthy?");
            }
            return log.history();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the routes", e);
        }
    }
}

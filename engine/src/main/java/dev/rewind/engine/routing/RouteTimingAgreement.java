package dev.rewind.engine.routing;

import dev.rewind.schemas.avro.InstallationRouteTiming;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check that every engine instance and the replay service of one installation use the same
 * {@link RouteTiming} (invariant 1 holds only if they do): the installation's timing is the first
 * {@link InstallationRouteTiming} record on {@code rewind.routes} in the topic's order. A process that finds none
 * records its own and reads the topic again, so when several start at once with different values, the one whose
 * record came first wins and the others refuse to start. The protocol is in {@code protocol/REPLAY-PROTOCOL.md},
 * "Route timing".
 */
public final class RouteTimingAgreement {

    private static final Logger LOGGER = LoggerFactory.getLogger(RouteTimingAgreement.class);

    private RouteTimingAgreement() {
    }

    /**
     * Checks {@code own} against the installation's, recording {@code own} first when there is none yet.
     *
     * @param log       a started route log (of {@code rewind.routes})
     * @param own       this process's timing
     * @param recorder  records {@code own} on the topic and returns once it is acknowledged (called at most once)
     * @param timeout   how long to wait for the route log to read to the end, each time
     * @throws RouteTimingMismatchException naming both margins and the setting to change
     * @throws IllegalStateException        when the log cannot be read to its end in time
     */
    public static void verify(RouteLog log, RouteTiming own, Supplier<InstallationRouteTiming> recorder,
            Duration timeout) throws InterruptedException {
        Optional<InstallationRouteTiming> installation = readToEnd(log, timeout);
        if (installation.isEmpty()) {
            InstallationRouteTiming recorded = recorder.get();
            LOGGER.atInfo().addKeyValue("marginMs", recorded.getMarginMs()).addKeyValue("author", recorded.getAuthor())
                    .log("No route timing recorded for this installation yet; recorded this process's");
            installation = readToEnd(log, timeout);
        }
        InstallationRouteTiming first = installation.orElseThrow(() -> new IllegalStateException(
                "the route timing just recorded on rewind.routes was not read back"));
        if (!timing(first).equals(own)) {
            throw new RouteTimingMismatchException(own, first);
        }
    }

    private static Optional<InstallationRouteTiming> readToEnd(RouteLog log, Duration timeout)
            throws InterruptedException {
        if (!log.awaitCaughtUp(timeout)) {
            throw new IllegalStateException("could not read rewind.routes to its end within " + timeout
                    + " to check the installation's route timing; check that the cluster is reachable");
        }
        return log.installationTiming();
    }

    private static RouteTiming timing(InstallationRouteTiming record) {
        return new RouteTiming(Duration.ofMillis(record.getMarginMs()), Duration.ofMillis(record.getMaxPublishDelayMs()),
                Duration.ofMillis(record.getMaxClockSkewMs()));
    }

    /** This process's route timing differs from its installation's; the same on every retry. */
    public static final class RouteTimingMismatchException extends IllegalStateException {

        RouteTimingMismatchException(RouteTiming own, InstallationRouteTiming installation) {
            super("route.skew.margin.ms is " + own.margin().toMillis() + " here but "
                    + installation.getMarginMs() + " in this installation (recorded on rewind.routes by "
                    + installation.getAuthor() + " at " + installation.getPublishedAt() + ", max publish delay "
                    + installation.getMaxPublishDelayMs() + " ms, max clock skew " + installation.getMaxClockSkewMs()
                    + " ms; here " + own.maxPublishDelay().toMillis() + " ms and " + own.maxClockSkew().toMillis()
                    + " ms): every engine instance and the replay service must agree; set route.skew.margin.ms="
                    + installation.getMarginMs());
        }
    }
}

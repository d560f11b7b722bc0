package dev.rewind.replaytool.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.api.Json;
import dev.rewind.clients.ClientRole;
import dev.rewind.clients.ClientSettings;
import dev.rewind.engine.routing.RouteLog;
import dev.rewind.engine.routing.RoutePublisher;
import dev.rewind.engine.routing.RouteTiming;
import dev.rewind.engine.routing.RouteTimingAgreement;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.access.AccessControl;
import dev.rewind.replaytool.audit.AuditHandlers;
import dev.rewind.replaytool.audit.AuditLog;
import dev.rewind.replaytool.components.ComponentCatalog;
import dev.rewind.replaytool.components.ComponentHandlers;
import dev.rewind.replaytool.control.ControlRetention;
import dev.rewind.replaytool.control.ControlTopic;
import dev.rewind.replaytool.dlq.DlqHandlers;
import dev.rewind.replaytool.dlq.DlqService;
import dev.rewind.replaytool.history.HistoryHandlers;
import dev.rewind.replaytool.http.HttpApi;
import dev.rewind.replaytool.replay.ReplayHandlers;
import dev.rewind.replaytool.replay.ReplayService;
import dev.rewind.replaytool.replay.ReplayValidator;
import dev.rewind.replaytool.rollout.HistoryRolloutStats;
import dev.rewind.replaytool.rollout.RolloutDriver;
import dev.rewind.replaytool.rollout.RolloutHandlers;
import dev.rewind.replaytool.rollout.RolloutLog;
import dev.rewind.replaytool.rollout.RolloutService;
import dev.rewind.replaytool.rollout.RolloutStats;
import dev.rewind.replaytool.routes.ReplayRouteOverrides;
import dev.rewind.replaytool.routes.RouteHandlers;
import dev.rewind.replaytool.routes.RouteService;
import dev.rewind.replaytool.shadow.ShadowHandlers;
import dev.rewind.replaytool.shadow.ShadowRuns;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Wires the replay service: its Kafka clients and logs (each read to its end before it is used), the services
 * over them, and their REST handlers on one Javalin app, which the caller starts. Every resource opened is
 * pushed on the caller's {@link Resources}, which the caller closes whether wiring succeeded or not.
 */
public final class ServiceAssembly {

    /** Prefix of the {@code client.id} of every Kafka client of the service. */
    static final String CLIENT_ID = "rewind-service";

    private static final Duration RETENTION_SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** How often the rollout driver asks the guard; the statistics it reads change about as often. */
    private static final Duration ROLLOUT_TICK = Duration.ofSeconds(1);
    /** How long start-up waits for each log to be read to its end. */
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    /** The replay and route side every API needs. */
    private record Core(Admin admin, ControlTopic control, RouteService routes, AuditLog audit,
            ComponentCatalog catalog, ReplayService replays) {
    }

    private ServiceAssembly() {
    }

    /**
     * Connects to Kafka, reads the control, route, audit and rollout topics and registers every handler.
     *
     * @param clients the service's Kafka client settings, bootstrap servers included
     * @param registry {@code schema.registry.url} with the registry client's credentials and TLS settings
     * @return the app, not started yet
     */
    public static Javalin assemble(ReplayToolServer.Options options, ClientSettings clients,
            Map<String, Object> registry, Resources resources) {
        Clock clock = Clock.systemUTC();
        Core core = core(options, clients, registry, resources, clock);
        ObjectMapper mapper = Json.mapper();
        Javalin app = HttpApi.create(mapper, new AccessControl(options.tokens()), options.https(),
                options.host(), options.port());
        new ReplayHandlers(core.replays(), mapper).register(app);
        new RouteHandlers(core.routes(), mapper).register(app);
        new ComponentHandlers(core.catalog(), core.routes()::components).register(app);
        new AuditHandlers(core.audit()).register(app);
        new ShadowHandlers(resources.push(new ShadowRuns(core.audit(), clock, ShadowRuns.LEASE)), mapper)
                .register(app);
        PrometheusMeterRegistry metrics = metrics(app);
        HistoryHandlers history = null;
        RolloutStats rolloutStats = null;
        if (!options.history().isEmpty()) {
            history = HistoryAssembly.start(options, clients, core.admin(), mapper, metrics, core.routes(),
                    core.catalog(), resources, version -> core.control().pausedPartitions(version, clock.instant()));
            history.register(app);
            rolloutStats = new HistoryRolloutStats(history.index());
        }
        RolloutLog rolloutLog = resources.push(RolloutLog.start(core.admin(), clients, registry));
        rolloutLog.awaitCaughtUp(CATCH_UP);
        RolloutService rollouts = new RolloutService(rolloutLog, core.routes(),
                new ReplayValidator(core.catalog(), options.maxWindow()), core.audit(), rolloutStats, clock);
        resources.push(RolloutDriver.start(rollouts, core.replays(), clock, ROLLOUT_TICK));
        new RolloutHandlers(rollouts, mapper).register(app);
        new DlqHandlers(new DlqService(clients.readerConfig(CLIENT_ID + "-dlq-reader"), registry, core.catalog(),
                core.replays(), history == null ? null : history::history), mapper).register(app);
        return app;
    }

    private static Core core(ReplayToolServer.Options options, ClientSettings clients, Map<String, Object> registry,
            Resources resources, Clock clock) {
        Admin admin = resources.push(Admin.create(clients.config(ClientRole.ADMIN, CLIENT_ID + "-admin")));
        ControlTopic control = resources.push(ControlTopic.start(clients, registry));
        control.awaitCaughtUp(CATCH_UP);
        RouteLog routeLog = resources.push(RouteLog.start(RouteLog.Options.of(
                clients.readerConfig(CLIENT_ID + "-routes-reader")).withTiming(options.routeTiming())));
        RoutePublisher publisher = resources.push(RoutePublisher.create(
                clients.idempotentProducerConfig(CLIENT_ID + "-routes-writer"), RouteLog.Options.DEFAULT_TOPIC,
                options.routeTiming(), clock));
        agreeOnTiming(routeLog, publisher, options.routeTiming());
        AuditLog audit = resources.push(AuditLog.start(admin, clients, registry, clock));
        audit.awaitCaughtUp(CATCH_UP);
        RouteService routes = new RouteService(routeLog, publisher, options.routeTiming(), audit, clock);
        ComponentCatalog catalog = new ComponentCatalog(admin, routes::versionsNamed);
        ReplayService replays = new ReplayService(control, catalog,
                new ReplayValidator(catalog, options.maxWindow()),
                new ReplayRouteOverrides(routeLog, publisher, routes, audit), audit, clock);
        resources.push(new ControlRetention(control, replays::isFinished, options.replayRetention(), clock)
                .schedule(RETENTION_SWEEP_INTERVAL));
        return new Core(admin, control, routes, audit, catalog, replays);
    }

    /** The Prometheus registry with the JVM's metrics, scraped at {@link ReplayToolServer#METRICS_PATH}. */
    private static PrometheusMeterRegistry metrics(Javalin app) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        app.get(ReplayToolServer.METRICS_PATH, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        return metrics;
    }

    /** Refuses to serve with a route timing other than the installation's ({@link RouteTimingAgreement}). */
    private static void agreeOnTiming(RouteLog routeLog, RoutePublisher publisher, RouteTiming timing) {
        try {
            RouteTimingAgreement.verify(routeLog, timing, () -> publisher.recordTiming(CLIENT_ID), CATCH_UP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the installation's route timing", e);
        }
    }
}

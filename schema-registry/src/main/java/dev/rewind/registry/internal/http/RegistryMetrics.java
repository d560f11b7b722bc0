package dev.rewind.registry.internal.http;

import dev.rewind.registry.internal.SchemaRegistryService;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The registry's metrics, on the same mechanism as the engine and the replay service (a Micrometer
 * {@link PrometheusMeterRegistry} scraped at {@value #PATH} in Prometheus' text format 0.0.4):
 *
 * <ul>
 *   <li>{@value #REQUESTS} (timer): every HTTP request, tagged {@code method}, {@code uri} (the route template,
 *       e.g. {@code /subjects/{subject}/versions}, so subjects do not multiply series; {@code NOT_FOUND} for paths
 *       no route serves) and {@code status} (Micrometer's and Spring's name and tags for this meter);</li>
 *   <li>{@value #SUBJECTS} (gauge): subjects with a version that is not deleted, as this instance has read them;</li>
 *   <li>JVM memory and threads.</li>
 * </ul>
 *
 * <p>{@value #PATH} is not part of Confluent's API (Confluent exposes JMX); no Confluent route uses it.
 */
final class RegistryMetrics {

    /** The scrape path. */
    static final String PATH = "/metrics";
    static final String REQUESTS = "http.server.requests";
    static final String SUBJECTS = "schema.registry.subjects";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    RegistryMetrics(SchemaRegistryService service) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        Gauge.builder(SUBJECTS, () -> service.subjects(false).size())
                .description("Subjects with a version that is not deleted").register(registry);
    }

    /** Times every request, whatever handler or error handler answered it. */
    void recordRequests(JavalinConfig config) {
        config.requestLogger.http(this::record);
    }

    /** Serves the scrape. */
    void addTo(Javalin app) {
        app.get(PATH, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }

    private void record(Context ctx, Float millis) {
        Timer.builder(REQUESTS).description("HTTP requests served")
                .tag("method", ctx.method().name())
                .tag("uri", routeTemplate(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry).record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** The template of the route that served the request, {@code NOT_FOUND} when none did. */
    private static String routeTemplate(Context ctx) {
        try {
            String uri = ctx.endpointHandlerPath();
            return uri == null || uri.isEmpty() || "*".equals(uri) ? "NOT_FOUND" : uri;
        } catch (IllegalStateException e) {
            return "NOT_FOUND"; // Javalin: no endpoint matched, only before-handlers ran
        }
    }
}

package dev.rewind.local;

import dev.rewind.examples.release.ReleaseDemo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** What {@code rewind up} prints once the stack is ready. */
final class StartupSummary {

    private final LocalStack stack;
    private final Duration sinceJvmStart;

    StartupSummary(LocalStack stack, Duration sinceJvmStart) {
        this.stack = stack;
        this.sinceJvmStart = sinceJvmStart;
    }

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "%nrewind is up: ready %.1f s after start (%.1f s since the JVM started)%n",
                seconds(stack.startupTime()), seconds(sinceJvmStart));
        StringBuilder parts = new StringBuilder();
        stack.partStartupTimes().forEach((part, time) -> parts.append(parts.length() == 0 ? "" : ", ")
                .append(part).append(String.format(Locale.ROOT, " %.1f s", seconds(time))));
        row(out, "Start-up", parts.toString());
        row(out, "Kafka bootstrap", stack.bootstrapServers()
                + (stack.embeddedKafka() ? "  (embedded KRaft, data in " + stack.home().resolve("kafka") + ")" : ""));
        row(out, "Schema registry", stack.registryUrl() + (stack.embeddedRegistry() ? "  (embedded)" : ""));
        row(out, "Replay service", stack.serviceUrl() + "/api/v1  (OpenAPI: " + stack.serviceUrl() + "/api/v1/openapi.json)");
        row(out, "Web console", stack.serviceUrl() + "/");
        stack.generator().ifPresent(generator -> {
            row(out, "Demo", ReleaseDemo.COMPONENT + ": events on " + ReleaseDemo.EVENTS_TOPIC + ", decisions on "
                    + ReleaseDemo.DECISIONS_TOPIC);
            row(out, "", "groups " + stack.demoRuntimes().stream().map(r -> r.componentVersion().groupId())
                    .collect(java.util.stream.Collectors.joining(", ")));
            row(out, "", stack.demoRoutesPublished().isEmpty()
                    ? "routes kept from the last run (./rewind routes list " + ReleaseDemo.COMPONENT + ")"
                    : "routes: default -> channel stable, stable -> " + ReleaseDemo.BUGGY_VERSION + ", beta -> "
                            + ReleaseDemo.FIXED_VERSION + " (effective in about 10 s)");
        });
        stack.connectUrl().ifPresent(url -> {
            row(out, "Kafka Connect", url + "  (log in " + stack.home().resolve("connect").resolve("worker.log") + ")");
            if (stack.generator().isPresent()) {
                row(out, "", "connector " + LocalStack.DECISIONS_TO_FILE + ": committed decisions -> "
                        + stack.decisionsFile());
            }
        });
        out.println();
        if (stack.generator().isPresent()) {
            out.println("Next: ./rewind versions show " + ReleaseDemo.COMPONENT + " --by plan    (see README.md, Quickstart)");
        }
        out.println("Press Ctrl-C to stop. Data is kept in " + stack.home().toAbsolutePath() + ", the log in "
                + stack.home().resolve("rewind.log") + ".");
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "  %-18s %s%n", label, value);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}

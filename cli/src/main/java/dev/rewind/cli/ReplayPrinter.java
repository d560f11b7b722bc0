package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Text rendering of replays and the {@code --wait} loop shared by start and status. */
final class ReplayPrinter {

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    private ReplayPrinter() {
    }

    static boolean terminal(JsonNode replay) {
        return TERMINAL.contains(replay.path("state").asText());
    }

    /** 0 when the replay completed, 1 when it failed or was cancelled, 0 while it still runs. */
    static int exitCode(JsonNode replay) {
        String state = replay.path("state").asText();
        return state.equals("failed") || state.equals("cancelled") ? ExitCodes.FAILED : ExitCodes.DONE;
    }

    static void printSummary(PrintWriter out, JsonNode r) {
        out.printf(Locale.ROOT, "replay %s  %s  %s.%s  cohort %s%n", r.path("id").asText(),
                r.path("state").asText(), r.path("component").asText(), r.path("version").asText(),
                r.path("cohort").asText());
        out.printf(Locale.ROOT, "  window   [%s, %s)%s%n", r.path("from").asText(), r.path("to").asText(),
                r.path("dryRun").asBoolean() ? "  (dry run)" : "");
        out.printf(Locale.ROOT, "  reason   %s (by %s)%n", r.path("reason").asText(),
                r.path("requestedBy").asText());
        out.printf(Locale.ROOT, "  progress %s%n", bar(r));
        JsonNode dry = r.path("dryRunResult");
        if (dry.isObject()) {
            out.printf(Locale.ROOT, "  dry run  %d events: %d same, %d changed, %d new, %d missing, %d errored%n",
                    dry.path("events").asLong(), dry.path("same").asLong(), dry.path("changed").asLong(),
                    dry.path("added").asLong(), dry.path("missing").asLong(), dry.path("errored").asLong());
            for (JsonNode d : dry.path("sample")) {
                out.printf(Locale.ROOT, "    %-8s event %s  %s/%s%n      was %s%n      now %s%n", d.path("kind").asText(),
                        d.path("eventId").asText(), d.path("topic").asText(), d.path("key").asText("-"),
                        d.path("expected").asText("-"), d.path("actual").asText("-"));
            }
        }
        if (r.path("cancelRequested").asBoolean()) {
            out.println("  cancel requested");
        }
    }

    static void printPartitions(PrintWriter out, JsonNode r) {
        if (r.path("partitions").isEmpty()) {
            out.println("  no partition plan yet");
            return;
        }
        out.printf(Locale.ROOT, "  %-30s %10s %10s %10s %8s %8s %8s %7s %s%n", "PARTITION", "START",
                "POSITION", "TARGET", "REPROC", "SKIPPED", "ERRORED", "PCT", "STATE");
        for (JsonNode p : r.path("partitions")) {
            out.printf(Locale.ROOT, "  %-30s %10d %10d %10d %8d %8d %8d %6.1f%% %s%n",
                    p.path("topic").asText() + "-" + p.path("partition").asInt(),
                    p.path("startOffset").asLong(), p.path("position").asLong(), p.path("endOffset").asLong(),
                    p.path("reprocessed").asLong(), p.path("skipped").asLong(), p.path("errored").asLong(),
                    p.path("percent").asDouble(), p.path("state").asText());
        }
    }

    static String bar(JsonNode r) {
        JsonNode eta = r.path("etaSeconds");
        return ProgressBar.render(r.path("percent").asDouble(), r.path("offsetsDone").asLong(),
                r.path("offsetsTotal").asLong(), eta.isNumber() ? eta.asLong() : null,
                r.path("state").asText());
    }

    /** Polls until the replay is terminal, redrawing the bar in text mode; returns the last state. */
    static JsonNode await(ApiClient client, String id, Duration interval, PrintWriter out, boolean text) {
        JsonNode replay = client.get("api/v1/replays/" + ApiClient.encode(id));
        while (!terminal(replay)) {
            if (text) {
                out.print("\r" + bar(replay));
                out.flush();
            }
            try {
                Thread.sleep(interval.toMillis()); // polling a remote service, not synchronising threads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return replay;
            }
            replay = client.get("api/v1/replays/" + ApiClient.encode(id));
        }
        if (text) {
            out.println("\r" + bar(replay));
            out.flush();
        }
        return replay;
    }
}

package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind versions COMPONENT}: instances, lag, throughput, error rate and p99 per version. */
@Command(name = "versions", description = "Show each version of a component: instances, lag, throughput, "
        + "error rate, p99, optionally per plan, customer or project.")
final class VersionsCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Option(names = "--window", defaultValue = "15m", description = "1m, 15m or 1h. Default ${DEFAULT-VALUE}.")
    String window;

    @Option(names = "--by", description = "Slice by plan, customer or project.")
    String by;

    @Override
    public Integer call() {
        String path = "api/v1/components/" + ApiClient.encode(component) + "/versions?window="
                + ApiClient.encode(window) + (by == null ? "" : "&by=" + ApiClient.encode(by));
        JsonNode result = client().get(path);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-22s %9s %9s %11s %9s %10s%n", "VERSION", "INSTANCES", "LAG", "EVENTS/S",
                "ERRORS", "P99 MS");
        for (JsonNode v : result.path("versions")) {
            row(v.path("version").asText(), v, v.path("instances").asText(), v.path("totalLag").asText());
            for (Iterator<Map.Entry<String, JsonNode>> it = v.path("byCohort").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> slice = it.next();
                row("  " + slice.getKey(), slice.getValue(), "", "");
            }
        }
        out().flush();
        return ExitCodes.DONE;
    }

    private void row(String label, JsonNode stats, String instances, String lag) {
        out().printf(Locale.ROOT, "%-22s %9s %9s %11.2f %8.1f%% %10.2f%n", label, instances, lag,
                stats.path("throughputPerSecond").asDouble(), stats.path("errorRate").asDouble() * 100,
                stats.path("p99Millis").asDouble());
    }
}

package dev.rewind.cli;

import dev.rewind.api.events.OutcomeStats;
import dev.rewind.api.events.VersionStatsList;
import dev.rewind.api.events.VersionStatsView;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind versions show COMPONENT}: instances, lag, throughput, error rate and p99 per version. */
@Command(name = "show", description = "Show each version of a component: instances, lag, throughput, "
        + "error rate, p99, optionally per plan, customer or project.")
final class VersionsShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "Component name.")
    String component;

    @Option(names = "--window", defaultValue = "15m", description = "1m, 15m or 1h. Default ${DEFAULT-VALUE}.")
    String window;

    @Option(names = "--by", description = "Slice by plan, customer or project.")
    String by;

    @Override
    public Integer call() {
        VersionStatsList result = client().versions(component, window, by);
        if (json()) {
            printJson(result);
            return ExitCodes.DONE;
        }
        out().printf(Locale.ROOT, "%-22s %9s %9s %11s %9s %10s%n", "VERSION", "INSTANCES", "LAG", "EVENTS/S",
                "ERRORS", "P99 MS");
        for (VersionStatsView v : result.versions()) {
            row(v.version(), v.total(), Integer.toString(v.instances()), Long.toString(v.totalLag()));
            v.byCohort().forEach((slice, stats) -> row("  " + slice, stats, "", ""));
            v.pausedPartitions().forEach(p -> out().printf(Locale.ROOT, "  paused %s-%d at offset %d (%s) since %s on %s%n",
                    p.topic(), p.partition(), p.offset(), p.reason(), p.since(), p.instance()));
        }
        out().printf(Locale.ROOT, "unroutable (dead-lettered on behalf of no version): %d%n", result.unroutable());
        out().flush();
        return ExitCodes.DONE;
    }

    private void row(String label, OutcomeStats stats, String instances, String lag) {
        out().printf(Locale.ROOT, "%-22s %9s %9s %11.2f %8.1f%% %10.2f%n", label, instances, lag,
                stats.throughputPerSecond(), stats.errorRate() * 100, stats.p99Millis());
    }
}

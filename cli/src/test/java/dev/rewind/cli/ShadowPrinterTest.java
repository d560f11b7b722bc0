package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.replays.DryRunReport;
import dev.rewind.api.shadows.ShadowComparison;
import dev.rewind.api.shadows.ShadowRunState;
import dev.rewind.api.shadows.ShadowRunView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowPrinterTest {

    @Test
    void aChangedJsonValueIsShownAsTheFieldsThatDiffer() {
        assertThat(ShadowPrinter.changedFields(
                "{\"eventId\": \"e1/decision\", \"action\": \"HOLD\", \"reason\": \"no test report for b1\"}",
                "{\"eventId\": \"e1/decision\", \"action\": \"RELEASE\", \"reason\": \"green\", \"extra\": 1}"))
                .containsExactly("action: \"HOLD\" -> \"RELEASE\"", "extra: (none) -> 1",
                        "reason: \"no test report for b1\" -> \"green\"");
        assertThat(ShadowPrinter.changedFields("not json", "{\"a\": 1}")).isEmpty();
        assertThat(ShadowPrinter.changedFields(null, "{\"a\": 1}")).isEmpty();
    }

    @Test
    void theSummarySaysWhatRanAgainstWhatAndWhatDiffered() {
        Instant t = Instant.parse("2026-11-30T22:30:49Z");
        ShadowComparison c = new ShadowComparison(311, 311, 0, 0, 17, 37, 0, 0, 0, 60, Map.of("v1", 311L),
                List.of(new DryRunReport.Difference("e1", "changed", "release.decisions", "acme-web",
                        "{\"action\": \"HOLD\"}", "{\"action\": \"RELEASE\"}"),
                        new DryRunReport.Difference("e2", "new", "alerts", null, null, "plain text")));
        ShadowRunView run = new ShadowRunView("id-1", "release-coordinator", "v2", "plan:enterprise", t, t, "v1",
                ShadowRunState.STOPPED, "dana@laptop", "why", null, c, "dana", t, false, null, "audit-1");
        StringWriter out = new StringWriter();

        ShadowPrinter.printSummary(new PrintWriter(out), run);

        assertThat(out.toString())
                .contains("shadow run id-1  stopped  release-coordinator v2  cohort plan:enterprise")
                .contains("outputs     same 17, changed 37, new 0, missing 0")
                .contains("errors      shadow 0, owner 60")
                .contains("      action: \"HOLD\" -> \"RELEASE\"")
                .contains("      shadow: plain text")
                .contains("audit       audit-1");
        assertThat(ShadowPrinter.line(t, c)).isEqualTo("22:30:49  events 311  compared 311  same 17  changed 37"
                + "  new 0  missing 0  pending 0  errors shadow 0 / owner 60");
    }
}

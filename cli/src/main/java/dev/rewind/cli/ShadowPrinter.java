package dev.rewind.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.api.Json;
import dev.rewind.api.replays.DryRunReport;
import dev.rewind.api.shadows.ShadowComparison;
import dev.rewind.api.shadows.ShadowRunView;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Prints shadow runs as text: one line per live report, and a summary with the sample of differences. */
public final class ShadowPrinter {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int MAX_VALUE = 160;

    private ShadowPrinter() {
    }

    /** One line of counts, for following a run as it goes. */
    public static String line(Instant at, ShadowComparison c) {
        return String.format("%s  events %d  compared %d  same %d  changed %d  new %d  missing %d  pending %d"
                        + "  errors shadow %d / owner %d", CLOCK.format(at), c.events(), c.compared(), c.same(),
                c.changed(), c.added(), c.missing(), c.pending(), c.shadowErrors(), c.ownerErrors());
    }

    /** Who, what, since when, the counts and the sample of differences. */
    public static void printSummary(PrintWriter out, ShadowRunView run) {
        ShadowComparison c = run.comparison();
        out.println("shadow run " + run.id() + "  " + run.state().label() + "  " + run.component() + " "
                + run.version() + "  cohort " + run.cohort());
        out.println("  from        " + run.from() + " (state of " + ApiCommand.text(run.stateFrom())
                + " as of then), started " + run.startedAt() + " by " + run.startedBy()
                + (run.host() == null ? "" : " on " + run.host()));
        if (run.message() != null) {
            out.println("  message     " + run.message());
        }
        out.println("  events      " + c.events() + " run, " + c.compared() + " compared with "
                + (c.owners().isEmpty() ? "-" : c.owners()) + ", " + c.pending() + " pending, " + c.unmatched()
                + " without an owner's outcome");
        out.println("  outputs     same " + c.same() + ", changed " + c.changed() + ", new " + c.added()
                + ", missing " + c.missing());
        out.println("  errors      shadow " + c.shadowErrors() + ", owner " + c.ownerErrors());
        if (run.auditEntryId() != null) {
            out.println("  audit       " + run.auditEntryId());
        }
        if (!c.sample().isEmpty()) {
            out.println("  differences (first " + c.sample().size() + "):");
            for (DryRunReport.Difference d : c.sample()) {
                out.println("    " + d.kind() + "  event " + d.eventId() + "  " + d.topic() + " key "
                        + ApiCommand.text(d.key()));
                List<String> fields = changedFields(d.expected(), d.actual());
                if (!fields.isEmpty()) {
                    fields.forEach(f -> out.println("      " + f));
                    continue;
                }
                if (d.expected() != null) {
                    out.println("      owner:  " + shorten(d.expected()));
                }
                if (d.actual() != null) {
                    out.println("      shadow: " + shorten(d.actual()));
                }
            }
        }
        out.flush();
    }

    /**
     * For two JSON objects (Avro values are shown as JSON), one line per top-level field that differs:
     * {@code action: "HOLD" -> "RELEASE"}; empty when either is not a JSON object.
     */
    static List<String> changedFields(String owner, String shadow) {
        JsonNode a = object(owner);
        JsonNode b = object(shadow);
        if (a == null || b == null) {
            return List.of();
        }
        Set<String> names = new TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            JsonNode x = a.get(name);
            JsonNode y = b.get(name);
            if (x == null || !x.equals(y)) {
                lines.add(name + ": " + shorten(x == null ? "(none)" : x.toString()) + " -> "
                        + shorten(y == null ? "(none)" : y.toString()));
            }
        }
        return lines;
    }

    private static JsonNode object(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String shorten(String value) {
        return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE - 3) + "...";
    }
}

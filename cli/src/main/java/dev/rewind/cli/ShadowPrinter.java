package dev.rewind.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
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
import java.util.Map;
import java.util.Objects;
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
        // the values are the component's own outputs (Avro rendered as JSON): no API record describes them
        Map<String, Object> a = object(owner);
        Map<String, Object> b = object(shadow);
        if (a == null || b == null) {
            return List.of();
        }
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            if (!a.containsKey(name) || !b.containsKey(name) || !Objects.equals(a.get(name), b.get(name))) {
                lines.add(name + ": " + shorten(a.containsKey(name) ? ApiCommand.toCompactJson(a.get(name)) : "(none)")
                        + " -> " + shorten(b.containsKey(name) ? ApiCommand.toCompactJson(b.get(name)) : "(none)"));
            }
        }
        return lines;
    }

    private static Map<String, Object> object(String text) {
        if (text == null || !text.strip().startsWith("{")) {
            return null;
        }
        try {
            return Json.mapper().readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String shorten(String value) {
        return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE - 3) + "...";
    }
}

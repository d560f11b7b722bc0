package dev.rewind.replaytool.control;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * A parsed key of {@code rewind.control} (REPLAY-PROTOCOL.md): {@code command/<replayId>},
 * {@code command/<replayId>/cancel}, {@code plan/<replayId>/<topic>/<partition>},
 * {@code progress/<replayId>/<topic>/<partition>}, {@code dryrun/<replayId>}, {@code audit/<entryId>}.
 *
 * @param kind what the key addresses
 * @param replayId the replay id, or the audit entry id for {@link Kind#AUDIT}
 * @param partition the source partition for plans and progress, else null
 */
public record ControlKey(Kind kind, String replayId, TopicPartition partition) {

    /** The kinds of record on the control topic. */
    public enum Kind {
        /** A START command. */
        COMMAND,
        /** A CANCEL command. */
        CANCEL,
        /** A partition plan. */
        PLAN,
        /** A partition's progress. */
        PROGRESS,
        /** An audit entry. */
        AUDIT,
        /** A dry run's result. */
        DRY_RUN,
        /** Anything else (written by a newer version); ignored. */
        OTHER
    }

    /** Validates. */
    public ControlKey {
        Objects.requireNonNull(kind, "kind");
    }

    /** The key of a START command. */
    public static String command(String replayId) {
        return "command/" + replayId;
    }

    /** The key of a CANCEL command. */
    public static String cancel(String replayId) {
        return "command/" + replayId + "/cancel";
    }

    /** The key of a plan. */
    public static String plan(String replayId, TopicPartition tp) {
        return "plan/" + replayId + "/" + tp.topic() + "/" + tp.partition();
    }

    /** The key of a partition's progress. */
    public static String progress(String replayId, TopicPartition tp) {
        return "progress/" + replayId + "/" + tp.topic() + "/" + tp.partition();
    }

    /** The key of a dry run's result. */
    public static String dryRun(String replayId) {
        return "dryrun/" + replayId;
    }

    /** The key of an audit entry. */
    public static String audit(String entryId) {
        return "audit/" + entryId;
    }

    /** Parses a key; unknown forms give {@link Kind#OTHER}. */
    public static ControlKey parse(String key) {
        if (key == null) {
            return new ControlKey(Kind.OTHER, null, null);
        }
        String[] parts = key.split("/", -1);
        try {
            return switch (parts[0]) {
                case "command" -> parts.length == 3 && parts[2].equals("cancel")
                        ? new ControlKey(Kind.CANCEL, parts[1], null)
                        : new ControlKey(Kind.COMMAND, parts[1], null);
                case "plan", "progress" -> new ControlKey(parts[0].equals("plan") ? Kind.PLAN : Kind.PROGRESS,
                        parts[1], partition(key, parts));
                case "audit" -> new ControlKey(Kind.AUDIT, parts[1], null);
                case "dryrun" -> new ControlKey(Kind.DRY_RUN, parts[1], null);
                default -> new ControlKey(Kind.OTHER, null, null);
            };
        } catch (RuntimeException malformed) {
            return new ControlKey(Kind.OTHER, null, null);
        }
    }

    private static TopicPartition partition(String key, String[] parts) {
        // topic names cannot contain '/', so the last segment is the partition number
        int lastSlash = key.lastIndexOf('/');
        String topicAndRest = key.substring(parts[0].length() + 1 + parts[1].length() + 1, lastSlash);
        return new TopicPartition(topicAndRest, Integer.parseInt(key.substring(lastSlash + 1)));
    }
}

package dev.rewind.engine.replay;

import dev.rewind.engine.processor.ReplayId;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * A key of {@code rewind.control} (REPLAY-PROTOCOL.md): {@code command/<replayId>},
 * {@code command/<replayId>/cancel}, {@code plan/<replayId>/<topic>/<partition>},
 * {@code progress/<replayId>/<topic>/<partition>}, {@code dryrun/<replayId>}; anything else (e.g.
 * {@code audit/<id>}) is {@link Kind#OTHER}. Keys are UTF-8 strings; a replay id contains no
 * {@code /} and a topic name cannot, so the parts are unambiguous.
 *
 * @param kind what the key names
 * @param replayId the replay, absent for {@link Kind#OTHER}
 * @param partition the source partition, present for plans and progress only
 */
public record ControlKey(Kind kind, Optional<ReplayId> replayId, Optional<TopicPartition> partition) {

    /** What a control key names. */
    public enum Kind {
        /** A START command. */
        COMMAND,
        /** A CANCEL command. */
        CANCEL,
        /** A partition plan. */
        PLAN,
        /** A partition progress. */
        PROGRESS,
        /** A dry run's result. */
        DRY_RUN,
        /** Not a replay record (audit entries and anything newer than this reader). */
        OTHER
    }

    private static final ControlKey OTHER = new ControlKey(Kind.OTHER, Optional.empty(), Optional.empty());

    /** Validates that the parts fit the kind. */
    public ControlKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(partition, "partition");
        boolean partitioned = kind == Kind.PLAN || kind == Kind.PROGRESS;
        if (replayId.isEmpty() != (kind == Kind.OTHER) || partition.isPresent() != partitioned) {
            throw new IllegalArgumentException("Control key of kind " + kind + " cannot have replay id "
                    + replayId + " and partition " + partition);
        }
    }

    /** {@code command/<replayId>}. */
    public static String command(ReplayId replayId) {
        return "command/" + replayId;
    }

    /** {@code command/<replayId>/cancel}. */
    public static String cancel(ReplayId replayId) {
        return command(replayId) + "/cancel";
    }

    /** {@code plan/<replayId>/<topic>/<partition>}. */
    public static String plan(ReplayId replayId, TopicPartition partition) {
        return "plan/" + replayId + "/" + partition.topic() + "/" + partition.partition();
    }

    /** {@code progress/<replayId>/<topic>/<partition>}. */
    public static String progress(ReplayId replayId, TopicPartition partition) {
        return "progress/" + replayId + "/" + partition.topic() + "/" + partition.partition();
    }

    /** {@code dryrun/<replayId>}. */
    public static String dryRun(ReplayId replayId) {
        return "dryrun/" + replayId;
    }

    /** Parses a key; malformed or unknown keys are {@link Kind#OTHER}, never an error. */
    public static ControlKey parse(String key) {
        if (key == null) {
            return OTHER;
        }
        String[] parts = key.split("/", -1);
        try {
            return switch (parts[0]) {
                case "command" -> parts.length == 2 ? of(Kind.COMMAND, parts[1])
                        : parts.length == 3 && parts[2].equals("cancel") ? of(Kind.CANCEL, parts[1]) : OTHER;
                case "dryrun" -> parts.length == 2 ? of(Kind.DRY_RUN, parts[1]) : OTHER;
                case "plan", "progress" -> parts.length == 4
                        ? new ControlKey(parts[0].equals("plan") ? Kind.PLAN : Kind.PROGRESS,
                                Optional.of(ReplayId.of(parts[1])),
                                Optional.of(new TopicPartition(parts[2], Integer.parseInt(parts[3]))))
                        : OTHER;
                default -> OTHER;
            };
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }

    private static ControlKey of(Kind kind, String replayId) {
        return new ControlKey(kind, Optional.of(ReplayId.of(replayId)), Optional.empty());
    }
}

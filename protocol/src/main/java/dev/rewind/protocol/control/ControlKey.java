package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import dev.rewind.engine.processor.ReplayId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * A key of {@code rewind.control} (protocol/REPLAY-PROTOCOL.md), the one codec for them in rewind:
 * {@code command/<replayId>}, {@code command/<replayId>/cancel}, {@code plan/<replayId>/<topic>/<partition>},
 * {@code progress/<replayId>/<topic>/<partition>}, {@code dryrun/<replayId>},
 * {@code status/<component>/<version>/<instanceId>}; anything else (e.g. the
 * {@code audit/<id>} entries older services wrote here, or {@code command/x/y}) is {@link Kind#OTHER},
 * which every reader ignores. Keys are UTF-8 strings; a replay id contains no {@code /} and a topic name
 * cannot, so the parts are unambiguous.
 *
 * @param kind what the key names
 * @param replayId the replay, absent for {@link Kind#OTHER}
 * @param partition the source partition, present for plans and progress only
 * @param instance the engine instance, present for {@link Kind#STATUS} only
 */
public record ControlKey(Kind kind, Optional<ReplayId> replayId, Optional<TopicPartition> partition,
                         Optional<VersionInstance> instance) {

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
        /** An engine instance's status (its paused partitions); not about a replay. */
        STATUS,
        /** Not a replay record (legacy audit entries, malformed keys, anything newer than this reader). */
        OTHER
    }

    private static final ControlKey OTHER = new ControlKey(Kind.OTHER, Optional.empty(), Optional.empty());

    /** Validates that the parts fit the kind. */
    public ControlKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(instance, "instance");
        boolean partitioned = kind == Kind.PLAN || kind == Kind.PROGRESS;
        boolean aboutReplay = kind != Kind.OTHER && kind != Kind.STATUS;
        if (replayId.isPresent() != aboutReplay || partition.isPresent() != partitioned
                || instance.isPresent() != (kind == Kind.STATUS)) {
            throw new IllegalArgumentException("Control key of kind " + kind + " cannot have replay id "
                    + replayId + ", partition " + partition + " and instance " + instance);
        }
    }

    /** A key that is not an instance's status. */
    public ControlKey(Kind kind, Optional<ReplayId> replayId, Optional<TopicPartition> partition) {
        this(kind, replayId, partition, Optional.empty());
    }

    /** {@code status/<component>/<version>/<instanceId>}. */
    public static ControlKey status(VersionInstance instance) {
        return new ControlKey(Kind.STATUS, Optional.empty(), Optional.empty(), Optional.of(instance));
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

    /** The key of a replay's record of {@code kind} (not {@link Kind#OTHER}); {@code partition} for plans and progress. */
    public static ControlKey of(Kind kind, ReplayId replayId, Optional<TopicPartition> partition) {
        return new ControlKey(kind, Optional.of(replayId), partition);
    }

    /**
     * The key as written to the topic.
     *
     * @throws IllegalStateException for {@link Kind#OTHER}, which has no form of its own
     */
    public String encode() {
        if (kind == Kind.STATUS) {
            VersionInstance of = instance.orElseThrow();
            return "status/" + of.version().component() + "/" + of.version().version() + "/" + of.instanceId();
        }
        ReplayId id = replayId.orElseThrow(() -> new IllegalStateException("An OTHER control key has no encoding"));
        return switch (kind) {
            case COMMAND -> command(id);
            case CANCEL -> cancel(id);
            case PLAN -> plan(id, partition.orElseThrow());
            case PROGRESS -> progress(id, partition.orElseThrow());
            case DRY_RUN -> dryRun(id);
            case STATUS, OTHER -> throw new IllegalStateException("unreachable");
        };
    }

    /** {@link #encode()} in UTF-8, the record key's bytes. */
    public byte[] bytes() {
        return encode().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a record key's UTF-8 bytes; see {@link #parse(String)}. */
    public static ControlKey parse(byte[] key) {
        return key == null ? OTHER : parse(new String(key, StandardCharsets.UTF_8));
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
                case "status" -> parts.length == 4
                        ? status(new VersionInstance(new ComponentVersion(parts[1], parts[2]), parts[3])) : OTHER;
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

package dev.rewind.replaytool.history.internal;

import dev.rewind.replaytool.history.CohortKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Key of the windowed outcome statistics: {@code component|version|} for a version as a whole and
 * {@code component|version|plan:gold} for one cohort value. All keys of a component go to the same
 * partition ({@link #PARTITIONER}) so one instance answers a component's versions with a key-range
 * scan.
 *
 * @param component component name, without {@code |}
 * @param version   version name, without {@code |}
 * @param slice     the cohort value, or null for the whole version
 */
public record StatsKey(String component, String version, CohortKey slice) {

    static final char SEPARATOR = '|';

    /** Partitions by component only. */
    public static final StreamPartitioner<String, Object> PARTITIONER = (topic, key, value, partitions) ->
            Optional.of(Set.of(partitionOf(componentOf(key), partitions)));

    public StatsKey {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        if (component.indexOf(SEPARATOR) >= 0 || version.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("component and version must not contain '|': " + component
                    + "/" + version);
        }
    }

    /** The store key text. */
    public String encode() {
        return component + SEPARATOR + version + SEPARATOR + (slice == null ? "" : slice.toString());
    }

    /** Parses {@link #encode()}'s text. */
    public static StatsKey decode(String text) {
        int first = text.indexOf(SEPARATOR);
        int second = text.indexOf(SEPARATOR, first + 1);
        String slice = text.substring(second + 1);
        return new StatsKey(text.substring(0, first), text.substring(first + 1, second),
                slice.isEmpty() ? null : CohortKey.parse(slice));
    }

    /** Lowest key of a component, for range scans. */
    public static String rangeStart(String component) {
        return component + SEPARATOR;
    }

    /** Highest key of a component, for range scans. */
    public static String rangeEnd(String component) {
        return component + SEPARATOR + '\uffff';
    }

    static String componentOf(String key) {
        int first = key.indexOf(SEPARATOR);
        return first < 0 ? key : key.substring(0, first);
    }

    /** The partition of a component among {@code partitions}, the same for every key of it. */
    public static int partitionOf(String component, int partitions) {
        return Utils.toPositive(Utils.murmur2(component.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}

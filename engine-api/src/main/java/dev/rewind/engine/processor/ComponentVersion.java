package dev.rewind.engine.processor;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One build of a component, e.g. {@code release-coordinator} / {@code v23}.
 *
 * <p>Each component version runs as its own consumer group, {@link #groupId()} =
 * {@code <component>.<version>}. Both names must match {@code [a-z0-9][a-z0-9-]*} so that the
 * group id, topic names derived from it ({@code <component>.<version>.state-changelog}) and metric
 * tags are unambiguous: a dot can never appear inside either part.
 *
 * @param component the component name, e.g. {@code release-coordinator}
 * @param version the version name, e.g. {@code v23}
 */
public record ComponentVersion(String component, String version) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Validates both names. */
    public ComponentVersion {
        requireName("component", component);
        requireName("version", version);
    }

    /**
     * Parses {@code <component>.<version>}, the form returned by {@link #groupId()}.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static ComponentVersion parse(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        int dot = groupId.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("Component version '" + groupId
                    + "' must look like <component>.<version>, e.g. release-coordinator.v2");
        }
        return new ComponentVersion(groupId.substring(0, dot), groupId.substring(dot + 1));
    }

    /** The consumer group id of this version: {@code <component>.<version>}. */
    public String groupId() {
        return component + "." + version;
    }

    @Override
    public String toString() {
        return groupId();
    }

    static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid " + what + " name '" + value
                    + "': use lower-case letters, digits and '-', starting with a letter or digit"
                    + " (pattern [a-z0-9][a-z0-9-]*)");
        }
    }
}

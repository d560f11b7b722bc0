package dev.rewind.protocol.control;

import dev.rewind.engine.processor.ComponentVersion;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One running engine instance of a component version, as named in its {@code status/...} key on
 * {@code rewind.control}.
 *
 * @param version the component version
 * @param instanceId the engine's {@code instance.id}: 1 to 100 letters, digits, {@code .}, {@code _} or {@code -}
 */
public record VersionInstance(ComponentVersion version, String instanceId) {

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** Validates. */
    public VersionInstance {
        Objects.requireNonNull(version, "version");
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("Invalid instance id '" + instanceId
                    + "': use 1 to 100 letters, digits, '.', '_' or '-'");
        }
    }
}

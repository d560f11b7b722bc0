package dev.rewind.replaytool.rollout;

import dev.rewind.api.routes.RampSpec;
import java.util.Objects;

/**
 * The selector's own route before a rollout, which a rollback or an abort restores.
 *
 * @param target version or channel name
 * @param targetKind {@code version} or {@code channel}
 * @param ramp its ramp, or null
 */
public record PreviousRoute(String target, String targetKind, RampSpec ramp) {

    /** Validates. */
    public PreviousRoute {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetKind, "targetKind");
    }
}

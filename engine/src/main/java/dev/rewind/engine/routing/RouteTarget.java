package dev.rewind.engine.routing;

import dev.rewind.engine.processor.ComponentVersion;
import java.util.Objects;

/**
 * Where a route sends events: a {@link Channel} (resolved to a version at each event time) or a
 * fixed version.
 */
public sealed interface RouteTarget permits RouteTarget.ToChannel, RouteTarget.ToVersion {

    /** A route to a channel. */
    static RouteTarget channel(Channel channel) {
        return new ToChannel(channel);
    }

    /** A route to a fixed version. */
    static RouteTarget version(String version) {
        return new ToVersion(version);
    }

    /**
     * A route to a channel.
     *
     * @param channel the channel
     */
    record ToChannel(Channel channel) implements RouteTarget {
        /** Validates. */
        public ToChannel {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public String toString() {
            return "channel " + channel;
        }
    }

    /**
     * A route to a fixed version.
     *
     * @param version the version name, as in {@link ComponentVersion#version()}
     */
    record ToVersion(String version) implements RouteTarget {
        /** Validates the version name. */
        public ToVersion {
            new ComponentVersion("x", version);
        }

        @Override
        public String toString() {
            return "version " + version;
        }
    }
}

package dev.rewind.engine.routing;

import java.util.regex.Pattern;

/**
 * A named alias of a component's version, e.g. {@code stable}, {@code beta} or
 * {@code experimental}; any name matching {@code [a-z][a-z0-9-]*} may be used. Routes to a channel
 * follow the channel's version at each event time.
 *
 * @param name the channel name
 */
public record Channel(String name) {

    // declared before the constants: they are validated during class initialisation
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /** The channel most traffic is routed to. */
    public static final Channel STABLE = new Channel("stable");
    /** The channel of the next version. */
    public static final Channel BETA = new Channel("beta");
    /** The channel of versions under trial. */
    public static final Channel EXPERIMENTAL = new Channel("experimental");

    /** Validates the name. */
    public Channel {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid channel name '" + name
                    + "': use lower-case letters, digits and '-', starting with a letter"
                    + " (e.g. stable, beta, experimental)");
        }
    }

    /** Shorthand for {@code new Channel(name)}. */
    public static Channel of(String name) {
        return new Channel(name);
    }

    @Override
    public String toString() {
        return name;
    }
}

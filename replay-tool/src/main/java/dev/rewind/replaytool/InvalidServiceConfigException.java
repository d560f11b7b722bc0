package dev.rewind.replaytool;

import dev.rewind.engine.config.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * Thrown at start-up when one or more settings of the replay service are invalid. The message
 * lists every problem, one line each naming the key, the bad value (secrets hidden) and the fix.
 */
public final class InvalidServiceConfigException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /**
     * An exception for the given problems.
     *
     * @param problems at least one problem
     */
    public InvalidServiceConfigException(List<ConfigProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every invalid setting, in key order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("An invalid configuration needs at least one problem");
        }
        return "Invalid rewind replay service configuration (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}

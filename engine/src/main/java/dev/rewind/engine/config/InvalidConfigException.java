package dev.rewind.engine.config;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * Thrown at start-up when one or more settings of a rewind process are invalid. The message lists
 * every problem, one line each naming the key, the bad value (secrets hidden) and the fix, so that
 * one failed start tells the operator everything. One subclass per process kind.
 */
public abstract class InvalidConfigException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /**
     * @param process what is configured, as the message names it, e.g. {@code "engine"}
     * @param problems at least one problem
     * @throws IllegalArgumentException when {@code problems} is empty
     */
    protected InvalidConfigException(String process, List<ConfigProblem> problems) {
        super(describe(process, problems));
        this.problems = List.copyOf(problems);
    }

    /** Every invalid setting, in key order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(String process, List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("An invalid configuration needs at least one problem");
        }
        return "Invalid rewind " + process + " configuration (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}

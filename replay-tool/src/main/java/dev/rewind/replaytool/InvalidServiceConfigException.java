package dev.rewind.replaytool;

import dev.rewind.engine.config.ConfigProblem;
import dev.rewind.engine.config.InvalidConfigException;
import java.util.List;

/** Thrown at start-up when one or more settings of the replay service are invalid; see {@link InvalidConfigException}. */
public final class InvalidServiceConfigException extends InvalidConfigException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception for the given problems.
     *
     * @param problems at least one problem
     */
    public InvalidServiceConfigException(List<ConfigProblem> problems) {
        super("replay service", problems);
    }
}

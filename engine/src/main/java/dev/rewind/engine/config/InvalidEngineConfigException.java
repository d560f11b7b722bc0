package dev.rewind.engine.config;

import java.util.List;

/** Thrown at start-up when one or more settings of an engine instance are invalid; see {@link InvalidConfigException}. */
public final class InvalidEngineConfigException extends InvalidConfigException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception for the given problems.
     *
     * @param problems at least one problem
     */
    public InvalidEngineConfigException(List<ConfigProblem> problems) {
        super("engine", problems);
    }
}

package dev.rewind.engine.state;

import java.nio.file.Path;

/** A state directory is in use by another process, or by other open {@link StateStores} of this one. */
public final class StateDirectoryLockedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The directory that is locked. */
    private final transient Path directory;

    /** The directory {@code directory} is locked. */
    public StateDirectoryLockedException(Path directory) {
        super("State directory " + directory + " is locked by another running instance; give each instance its"
                + " own instance.id or state.dir");
        this.directory = directory;
    }

    /** The directory that is locked. */
    public Path directory() {
        return directory;
    }
}

package dev.rewind.cli;

/** The exit codes scripts can rely on. */
final class ExitCodes {

    /** The command did what was asked (a replay completed, a route was set, ...). */
    static final int DONE = 0;
    /** The service refused the request, or the replay failed or was cancelled. */
    static final int FAILED = 1;
    /** The command line is wrong. */
    static final int USAGE = 2;
    /** The service could not be reached. */
    static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}

package dev.rewind.examples.release;

import java.util.List;

/**
 * Names shared by the demo component, its generator and the local stack.
 */
public final class ReleaseDemo {

    /** The component name; its versions run as groups {@code release-coordinator.<version>}. */
    public static final String COMPONENT = "release-coordinator";

    /** The source topic: every demo event, keyed by project id. */
    public static final String EVENTS_TOPIC = "release.events";

    /** The output topic of {@code ReleaseDecision} records, keyed by project id. */
    public static final String DECISIONS_TOPIC = "release.decisions";

    /** Partitions of the demo topics. */
    public static final int PARTITIONS = 6;

    /** The version with the flaky-test bug. */
    public static final String BUGGY_VERSION = "v1";

    /** The version that fixes it. */
    public static final String FIXED_VERSION = "v2";

    /** Both demo versions, stable first. */
    public static final List<String> VERSIONS = List.of(BUGGY_VERSION, FIXED_VERSION);

    /** The branch whose builds are released. */
    public static final String RELEASE_BRANCH = "main";

    private ReleaseDemo() {
    }
}

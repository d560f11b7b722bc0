package dev.rewind.examples.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the release coordinator remembers about one project: the branches of recent commits, the
 * recent builds with their test and staging results, and the released build. Stored as JSON in the
 * engine's per-entity state (the entity is the project, the events' key). Bounded, so the state of
 * a busy project stays small.
 *
 * @param branchByCommit branch of each recent commit, oldest first
 * @param builds recent builds, oldest first
 * @param releasedBuildId the build running in production, null if none yet
 */
record ProjectLedger(Map<String, String> branchByCommit, List<BuildEntry> builds,
                     String releasedBuildId) {

    static final int MAX_COMMITS = 50;
    static final int MAX_BUILDS = 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    ProjectLedger {
        branchByCommit = new LinkedHashMap<>(branchByCommit == null ? Map.of() : branchByCommit);
        builds = List.copyOf(builds == null ? List.of() : builds);
    }

    static ProjectLedger empty() {
        return new ProjectLedger(Map.of(), List.of(), null);
    }

    static ProjectLedger decode(byte[] json) {
        try {
            return JSON.readValue(json, ProjectLedger.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable release coordinator state", e);
        }
    }

    byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<String> branchOf(String commitSha) {
        return Optional.ofNullable(branchByCommit.get(commitSha));
    }

    Optional<BuildEntry> build(String buildId) {
        return builds.stream().filter(b -> b.buildId().equals(buildId)).findFirst();
    }

    ProjectLedger withCommit(String commitSha, String branch) {
        LinkedHashMap<String, String> commits = new LinkedHashMap<>(branchByCommit);
        commits.remove(commitSha);
        commits.put(commitSha, branch);
        while (commits.size() > MAX_COMMITS) {
            commits.remove(commits.keySet().iterator().next());
        }
        return new ProjectLedger(commits, builds, releasedBuildId);
    }

    /** Adds the build, or replaces the build with the same id. */
    ProjectLedger withBuild(BuildEntry build) {
        List<BuildEntry> updated = new ArrayList<>(builds);
        updated.removeIf(b -> b.buildId().equals(build.buildId()));
        updated.add(build);
        while (updated.size() > MAX_BUILDS) {
            updated.remove(0);
        }
        return new ProjectLedger(branchByCommit, updated, releasedBuildId);
    }

    ProjectLedger withReleased(String buildId) {
        return new ProjectLedger(branchByCommit, builds, buildId);
    }

    /**
     * One build and what is known about it so far.
     *
     * @param buildId the build id
     * @param commitSha the commit built
     * @param branch the commit's branch, null if its push was not seen
     * @param succeeded whether the build succeeded
     * @param testsGreen null until tests are reported
     * @param stagingOk null until deployed to staging
     */
    record BuildEntry(String buildId, String commitSha, String branch, boolean succeeded,
                      Boolean testsGreen, Boolean stagingOk) {

        boolean onReleaseBranch() {
            return ReleaseDemo.RELEASE_BRANCH.equals(branch);
        }

        BuildEntry withTestsGreen(boolean green) {
            return new BuildEntry(buildId, commitSha, branch, succeeded, green, stagingOk);
        }

        BuildEntry withStagingOk(boolean ok) {
            return new BuildEntry(buildId, commitSha, branch, succeeded, testsGreen, ok);
        }
    }
}

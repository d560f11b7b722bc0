package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class RewindCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RewindCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free once closed: nothing listens there
        }
    }

    @Test
    void anUnreachableServerExitsWith3AndSaysWhereItLooked() throws IOException {
        String server = "http://127.0.0.1:" + closedPort();

        int code = run("replay", "list", "--server", server);

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("cannot reach the rewind service at " + server);
    }

    @Test
    void aMissingRequiredOptionIsAUsageErrorWithExitCode2() {
        int code = run("replay", "start", "--component", "c", "--version", "v1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option").contains("--cohort");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("replay", "rewind-everything")).isEqualTo(2);
    }

    @Test
    void fromAndLastTogetherAreAUsageError() throws IOException {
        int code = run("replay", "start", "-c", "c", "-v", "v1", "--cohort", "default", "--reason", "r",
                "--from", "2026-01-01T00:00:00Z", "--last", "PT5M", "--server", "http://127.0.0.1:" + closedPort());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("exactly one of --from or --last");
    }

    @Test
    void helpIsAvailableOnEveryLevelAndExitsWith0() {
        assertThat(run("--help")).isZero();
        assertThat(run("routes", "set", "--help")).isZero();
        assertThat(out.toString()).contains("--channel").contains("--version").contains("--reason");
    }
}

package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.cli.RewindCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the README's quickstart against a started local stack, with the README's CLI commands
 * (run in-process, plus {@code --server} because the test stack runs on free ports). If this
 * fails, the README is wrong.
 */
class QuickstartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path home;

    private record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("Not JSON: " + out + err, e);
            }
        }
    }

    @Test
    void routesTheFailingCustomerToV2AndReplaysItsLastFifteenMinutes() {
        try (LocalStack stack = LocalStack.start(LocalStackOptions.onFreePorts(home).withEventsPerSecond(40))) {
            // 2. rewind versions show release-coordinator --by plan: v1 fails for enterprise only
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode v1 = version(rewind(stack, "versions", "show", "release-coordinator", "--by", "plan", "-o", "json")
                        .json(), "v1");
                assertThat(v1.at("/byCohort/plan:enterprise/errors").asLong()).isPositive();
                assertThat(v1.at("/byCohort/plan:team/outcomes").asLong()).isPositive();
                assertThat(v1.at("/byCohort/plan:team/errors").asLong()).isZero();
                assertThat(v1.at("/byCohort/plan:free/errors").asLong()).isZero();
            });
            Run text = rewind(stack, "versions", "show", "release-coordinator", "--by", "plan");
            assertThat(text.exitCode()).isZero();
            assertThat(text.out()).contains("plan:enterprise");

            // 3. rewind routes set release-coordinator customer:acme --version v2 --reason ...
            Run route = rewind(stack, "routes", "set", "release-coordinator", "customer:acme", "--version", "v2",
                    "--reason", "v1 fails on flaky counts");
            assertThat(route.exitCode()).as(route.err()).isZero();
            assertThat(rewind(stack, "routes", "list", "release-coordinator").out()).contains("customer:acme");
            // the route takes effect a safety margin after it was published: until then v1 still owns acme
            Matcher from = Pattern.compile(" from (\\S+)").matcher(route.out());
            assertThat(from.find()).as(route.out()).isTrue();
            Instant effective = Instant.parse(from.group(1));
            await().atMost(PATIENCE).until(() -> Instant.now().isAfter(effective));

            // 4. rewind replay start ... --cohort customer:acme --last 15m --reason ... --wait
            Run replay = rewind(stack, "replay", "start", "-c", "release-coordinator", "-v", "v2",
                    "--cohort", "customer:acme", "--last", "15m", "--reason", "reprocess what v1 failed", "--wait");
            assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
            assertThat(replay.out()).contains("completed");
            Matcher id = Pattern.compile("replay (\\S+) accepted").matcher(replay.out());
            assertThat(id.find()).as(replay.out()).isTrue();
            String replayId = id.group(1);

            // 5. rewind events list --cohort customer:acme --status error: v2 reprocessed them under the replay id
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode events = rewind(stack, "events", "list", "--cohort", "customer:acme", "--status", "error",
                        "--to", effective.toString(), "-o", "json").json().path("events");
                List<JsonNode> failedByV1 = new ArrayList<>();
                events.forEach(failedByV1::add);
                assertThat(failedByV1).isNotEmpty().allSatisfy(event -> {
                    assertThat(event.at("/cohort/customer").asText()).isEqualTo("acme");
                    assertThat(outcomes(event)).anySatisfy(o -> {
                        assertThat(o.path("version").asText()).isEqualTo("v1");
                        assertThat(o.path("status").asText()).isEqualTo("error");
                    });
                    assertThat(outcomes(event)).anySatisfy(o -> {
                        assertThat(o.path("version").asText()).isEqualTo("v2");
                        assertThat(o.path("mode").asText()).isEqualTo("replay");
                        assertThat(o.path("replayId").asText()).isEqualTo(replayId);
                        assertThat(o.path("status").asText()).isEqualTo("ok");
                    });
                });
            });
        }
    }

    private static List<JsonNode> outcomes(JsonNode event) {
        return StreamSupport.stream(event.path("outcomes").spliterator(), false).toList();
    }

    private static JsonNode version(JsonNode versions, String name) {
        return StreamSupport.stream(versions.path("versions").spliterator(), false)
                .filter(v -> name.equals(v.path("version").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("No version " + name + " in " + versions));
    }

    /** {@code ./rewind ARGS --server URL}, in-process. */
    private static Run rewind(LocalStack stack, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withServer = java.util.Arrays.copyOf(args, args.length + 2);
        withServer[args.length] = "--server";
        withServer[args.length + 1] = stack.serviceUrl();
        int code = RewindCli.run(new PrintWriter(out, true), new PrintWriter(err, true), withServer);
        return new Run(code, out.toString(), err.toString());
    }
}

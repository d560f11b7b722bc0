package dev.rewind.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow runs of the demo against live traffic (a local stack: embedded KRaft broker, registry, replay service,
 * {@code v1} owning everyone, the generator): the CLI's {@code shadow start}, run in-process as the launcher
 * runs it, reports what it finds to the service; {@code shadow stop} ends it. A shadow of {@code v2} on
 * {@code plan:enterprise} finds the decisions {@code v1} got wrong; a shadow of {@code v1} on {@code plan:team}
 * finds nothing to report. Neither leaves anything behind: no group, no topic, no record, no state file, no
 * committed offset, only one audit entry each.
 */
class ShadowRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final String COMPONENT = "release-coordinator";
    private static final String PROCESSOR = "dev.rewind.examples.release.ReleaseCoordinator";

    @TempDir
    Path home;

    @TempDir
    Path sandboxes;

    private record Run(int exitCode, String out, String err) {
    }

    /** What a shadow run could touch: every group (of any protocol, simple ones too) and its offsets, every topic's end offsets, the state files. */
    private record Snapshot(Map<String, Map<TopicPartition, Long>> groupOffsets, Map<TopicPartition, Long> endOffsets,
            Map<String, String> stateFiles) {
    }

    @Test
    void aShadowOfV2FindsTheEnterpriseDecisionsV1GotWrongAndLeavesNothingButOneAuditEntry() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackOptions.onFreePorts(home).withEventsPerSecond(40));
             Admin admin = Admin.create(stack.clientConfig())) {
            Set<String> groupsBefore = groups(admin);
            Set<String> topicsBefore = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            Map<TopicPartition, Long> v2ChangelogBefore = endOffsets(admin, Set.of(COMPONENT + ".v2.state-changelog"));

            CompletableFuture<Run> fixed = startShadow(stack, "v2", "plan:enterprise", "does v2 fix enterprise?");
            CompletableFuture<Run> same = startShadow(stack, "v1", "plan:team", "control: v1 against itself");
            String fixedId = await().atMost(PATIENCE).until(() -> runId(stack, "v2"), id -> id != null);
            String sameId = await().atMost(PATIENCE).until(() -> runId(stack, "v1"), id -> id != null);

            // live: the shadow of v2 decides RELEASE where v1 (which failed on the test report) holds the build
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode c = status(stack, fixedId).path("comparison");
                assertThat(c.path("changed").asLong()).as("changed outputs: %s", c).isPositive();
                assertThat(c.path("ownerErrors").asLong()).as("v1's failed test reports").isPositive();
                JsonNode team = status(stack, sameId).path("comparison");
                assertThat(team.path("same").asLong()).as("same outputs of v1 on team: %s", team).isPositive();
            });

            stack.generator().orElseThrow().close();
            // quiet: the versions and the index consumed everything, the shadows compared everything
            Snapshot[] previous = {null};
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(3)).until(() -> {
                Snapshot now = snapshot(admin, stack);
                boolean settled = now.equals(previous[0])
                        && status(stack, fixedId).at("/comparison/pending").asLong() == 0
                        && status(stack, sameId).at("/comparison/pending").asLong() == 0;
                previous[0] = now;
                return settled;
            });
            Snapshot before = previous[0];
            long auditBefore = audit(stack).size();

            Run stopped = rewind(stack, "shadow", "stop", fixedId);
            assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isZero();
            assertThat(rewind(stack, "shadow", "stop", sameId).exitCode()).isZero();
            Run fixedRun = fixed.get(60, TimeUnit.SECONDS);
            Run sameRun = same.get(60, TimeUnit.SECONDS);
            assertThat(fixedRun.exitCode()).as(fixedRun.out() + fixedRun.err()).isZero();
            assertThat(sameRun.exitCode()).as(sameRun.out() + sameRun.err()).isZero();
            Files.writeString(Path.of("target", "shadow-run-example.txt"), fixedRun.out() + "\n----\n"
                    + sameRun.out(), StandardCharsets.UTF_8);

            // what the shadows found
            JsonNode enterprise = status(stack, fixedId);
            assertThat(enterprise.path("state").asText()).isEqualTo("stopped");
            assertThat(enterprise.path("stateFrom").asText()).as("the owner's state as of the start").isEqualTo("v1");
            assertThat(enterprise.at("/comparison/shadowErrors").asLong()).isZero();
            assertThat(enterprise.at("/comparison/owners").fieldNames()).toIterable().containsExactly("v1");
            assertThat(enterprise.at("/comparison/sample")).anySatisfy(d -> {
                assertThat(d.path("kind").asText()).isEqualTo("changed");
                assertThat(d.path("expected").asText()).contains("HOLD").contains("no test report");
                assertThat(d.path("actual").asText()).contains("RELEASE");
            });
            JsonNode team = status(stack, sameId).path("comparison");
            assertThat(team.path("changed").asLong() + team.path("added").asLong() + team.path("missing").asLong())
                    .as("v1 against itself: %s", team).isZero();
            assertThat(team.path("ownerErrors").asLong()).isZero();
            assertThat(fixedRun.out()).contains("changed").contains("shadow run " + fixedId + "  stopped");

            // ... and what they left: one audit entry each, nothing else
            Snapshot after = snapshot(admin, stack);
            Map<TopicPartition, Long> expectedEnds = new HashMap<>(before.endOffsets());
            TopicPartition audit = new TopicPartition("rewind.audit", 0);
            expectedEnds.merge(audit, 2L, Long::sum);
            // the first audit entry of a stack registers the audit entry's schema: that is the registry's write
            TopicPartition schemas = new TopicPartition("_schemas", 0);
            assertThat(keys(stack, schemas, before.endOffsets().get(schemas), after.endOffsets().get(schemas)))
                    .allSatisfy(key -> assertThat(key).contains("rewind.audit-"));
            expectedEnds.put(schemas, after.endOffsets().get(schemas));
            assertThat(after.endOffsets()).isEqualTo(expectedEnds);
            assertThat(after.groupOffsets()).isEqualTo(before.groupOffsets());
            assertThat(after.stateFiles()).isEqualTo(before.stateFiles());
            assertThat(groups(admin)).isEqualTo(groupsBefore);
            assertThat(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get())
                    .isEqualTo(topicsBefore);
            assertThat(endOffsets(admin, Set.of(COMPONENT + ".v2.state-changelog"))).isEqualTo(v2ChangelogBefore);
            try (Stream<Path> left = Files.list(sandboxes)) {
                assertThat(left).as("state sandboxes are deleted on stop").isEmpty();
            }
            List<JsonNode> entries = audit(stack);
            assertThat(entries).hasSize((int) auditBefore + 2);
            assertThat(entries.stream().filter(e -> e.path("action").asText().equals("shadow-run")))
                    .extracting(e -> e.path("subject").asText()).containsExactlyInAnyOrder(fixedId, sameId);
            assertThat(entries).filteredOn(e -> e.path("subject").asText().equals(fixedId)).singleElement()
                    .satisfies(e -> {
                        assertThat(e.at("/details/version").asText()).isEqualTo("v2");
                        assertThat(e.at("/details/cohort").asText()).isEqualTo("plan:enterprise");
                        assertThat(e.at("/details/changed").asLong()).isPositive();
                        assertThat(e.path("reason").asText()).isEqualTo("does v2 fix enterprise?");
                    });
            // the shadow named v2 wrote nothing under v2's name while it ran live (v2 owns no cohort here)
            assertThat(versionsWriting(stack, "release.decisions")).doesNotContain("v2");
        }
    }

    private CompletableFuture<Run> startShadow(LocalStack stack, String version, String cohort, String reason) {
        // a thread each: the common pool may have a single thread on a 2-core machine
        return CompletableFuture.supplyAsync(() -> rewindApp(stack, "shadow", "start", "-c", COMPONENT, "-v", version,
                "--processor-class", PROCESSOR, "--cohort", cohort, "--source-topics", "release.events",
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                "--sandbox-dir", sandboxes.toString(), "--reason", reason),
                runnable -> new Thread(runnable, "shadow-" + version).start());
    }

    private static String runId(LocalStack stack, String version) throws IOException {
        JsonNode runs = JSON.readTree(rewind(stack, "shadow", "list", "-o", "json").out()).path("shadowRuns");
        for (JsonNode run : runs) {
            if (run.path("version").asText().equals(version)) {
                return run.path("id").asText();
            }
        }
        return null;
    }

    private static JsonNode status(LocalStack stack, String id) throws IOException {
        Run run = rewind(stack, "shadow", "status", id, "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static List<JsonNode> audit(LocalStack stack) throws IOException, InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.serviceUrl()
                        + "/api/v1/audit?limit=10000")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        List<JsonNode> entries = new ArrayList<>();
        JSON.readTree(body).path("entries").forEach(entries::add);
        return entries;
    }

    private static Snapshot snapshot(Admin admin, LocalStack stack) throws Exception {
        Map<String, Map<TopicPartition, Long>> offsets = new TreeMap<>();
        for (String group : groups(admin)) {
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            read.forEach((tp, om) -> committed.put(tp, om == null ? null : om.offset()));
            offsets.put(group, committed);
        }
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get();
        return new Snapshot(offsets, endOffsets(admin, topics), stateFiles(stack.home().resolve("state")));
    }

    private static Set<String> groups(Admin admin) throws ExecutionException, InterruptedException {
        return new java.util.TreeSet<>(admin.listGroups().all().get().stream()
                .map(GroupListing::groupId).toList());
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(d -> d.partitions()
                .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Every file of the versions' state directories: size and modification time (RocksDB's info LOGs aside). */
    private static Map<String, String> stateFiles(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("LOG"))
                    .forEach(p -> {
                        try {
                            files.put(root.relativize(p).toString(), Files.size(p) + "@"
                                    + Files.getLastModifiedTime(p).toMillis());
                        } catch (IOException e) {
                            files.put(root.relativize(p).toString(), "gone");
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The keys of a partition's records in [from, to), as text. */
    private static List<String> keys(LocalStack stack, TopicPartition partition, long from, long to) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(stack.clientConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            while (consumer.position(partition) < to) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < to) {
                        keys.add(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return keys;
    }

    /** The rewind.version headers of a topic's committed records. */
    private static Set<String> versionsWriting(LocalStack stack, String topic) {
        Map<String, Object> config = new HashMap<>(stack.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> versions = new java.util.TreeSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header header = record.headers().lastHeader("rewind.version");
                    versions.add(header == null ? "-" : new String(header.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return versions;
    }

    /** {@code ./rewind ARGS --server URL}, in-process, the launcher's root command. */
    private static Run rewindApp(LocalStack stack, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withServer = Arrays.copyOf(args, args.length + 2);
        withServer[args.length] = "--server";
        withServer[args.length + 1] = stack.serviceUrl();
        int code = RewindApp.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(withServer);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run rewind(LocalStack stack, String... args) {
        return rewindApp(stack, args);
    }
}

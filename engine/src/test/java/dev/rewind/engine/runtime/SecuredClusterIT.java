package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.clients.acl.RewindAcls;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.kafka.junit.SecuredBy;
import dev.rewind.registry.SchemaRegistryServer;
import dev.rewind.schemas.avro.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version instance on a SASL/SCRAM cluster whose authorizer denies what no ACL allows, with
 * exactly the ACLs {@link RewindAcls#versionInstance} documents.
 */
@ExtendWith(KafkaClusterExtension.class)
class SecuredClusterIT {

    private static SchemaRegistryServer registry;

    @BeforeAll
    static void startRegistry(@SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster) throws Exception {
        String principal = "registry";
        cluster.admin().createAcls(RewindAcls.registry("User:" + principal)).all().get();
        registry = SchemaRegistryServer.start(SchemaRegistryServer.Options.of(cluster.bootstrapServers())
                .withKafkaConfig(strings(cluster.clientConfigFor(principal))));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aVersionInstanceProcessesEventsWithExactlyTheDocumentedAcls(
            @SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster, @TempDir Path stateDir) throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 2, (short) 1)) {
            fixture.routeEverythingTo("v1");
            String user = "engine-" + fixture.component;
            cluster.admin().createAcls(acls(fixture, user)).all().get();

            fixture.start(settings(cluster, fixture, user), () -> new ComponentRuntimeIT.EchoProcessor(fixture.output));
            List<String> ids = IntStream.range(0, 20).mapToObj(i -> "secured-" + i).toList();
            fixture.produce(ids.stream().map(id -> RuntimeFixture.event(id, "acme", "p1")).toList());

            assertThat(fixture.outcomes(list -> list.size() >= ids.size())).extracting(Outcome::getEventId)
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void withoutReadOnItsGroupAVersionInstanceFailsNamingTheGroupInsteadOfHanging(
            @SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster, @TempDir Path stateDir) throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(cluster, registry.url(), stateDir, 1, (short) 1)) {
            fixture.routeEverythingTo("v1");
            String user = "engine-" + fixture.component;
            cluster.admin().createAcls(acls(fixture, user).stream()
                    .filter(b -> b.pattern().resourceType() != ResourceType.GROUP).toList()).all().get();

            ComponentRuntime runtime = ComponentRuntime.builder(
                    dev.rewind.engine.config.EngineConfig.of(settings(cluster, fixture, user)))
                    .processor(() -> new ComponentRuntimeIT.EchoProcessor(fixture.output)).build();
            try (runtime) {
                runtime.start();
                fixture.produce(List.of(RuntimeFixture.event("denied-1", "acme", "p1")));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
                        .until(() -> runtime.state() == ComponentRuntime.State.FAILED);
                assertThat(runtime.failure()).get().asString()
                        .contains("Group").contains(fixture.component + ".v1");
            }
        }
    }

    private static List<AclBinding> acls(RuntimeFixture fixture, String user) {
        List<AclBinding> acls = RewindAcls.versionInstance("User:" + user, fixture.component, "v1",
                List.of(fixture.source), List.of(fixture.output));
        assertThat(acls).extracting(b -> b.entry().operation()).doesNotContain(AclOperation.ALL);
        return acls;
    }

    private static Map<String, Object> settings(KafkaCluster cluster, RuntimeFixture fixture, String user) {
        Map<String, Object> settings = fixture.settings("v1", "a");
        Map<String, Object> client = new HashMap<>(cluster.clientConfigFor(user));
        client.remove("bootstrap.servers");
        settings.putAll(client);
        return settings;
    }

    private static Map<String, String> strings(Map<String, Object> config) {
        Map<String, String> strings = new HashMap<>();
        config.forEach((k, v) -> strings.put(k, v.toString()));
        strings.remove("bootstrap.servers");
        return strings;
    }
}

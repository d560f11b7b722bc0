package dev.rewind.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.rewind.clients.acl.RewindAcls;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.kafka.junit.SecuredBy;
import dev.rewind.schemas.registry.CachingSchemaRegistryClient;

/**
 * The registry with each one of the ACLs {@link RewindAcls#registry} documents taken away, on one SASL cluster
 * whose authorizer denies what no ACL allows: starting it and registering a schema fails with an error that names
 * the resource and the operation to grant, and does so in seconds rather than after a timeout. Each case has its
 * own principal and store topic, so the ACLs of one case cannot help another.
 */
@ExtendWith(KafkaClusterExtension.class)
class RegistryAclRemovalIT {

    private static final Duration QUICKLY = Duration.ofSeconds(45);
    private static final String PLACEHOLDER = "principal";

    static Stream<Arguments> documentedAcls() {
        List<AclBinding> acls = RewindAcls.registry("User:" + PLACEHOLDER);
        return IntStream.range(0, acls.size()).mapToObj(i -> Arguments.of(describe(acls.get(i)), i));
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("documentedAcls")
    void withoutOneDocumentedAclTheRegistryFailsQuicklyNamingTheResourceAndTheOperation(String acl, int removed,
            @SecuredBy(SecurityProtocol.SASL_PLAINTEXT) KafkaCluster cluster) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String principal = "registry-" + suffix;
        String topic = "schemas-" + suffix;
        List<AclBinding> granted = new ArrayList<>();
        List<AclBinding> documented = forTopic(RewindAcls.registry("User:" + principal), topic);
        AclBinding missing = documented.get(removed);
        for (int i = 0; i < documented.size(); i++) {
            if (i != removed) {
                granted.add(documented.get(i));
            }
        }
        cluster.admin().createAcls(granted).all().get();
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.admin().describeAcls(AclBindingFilter.ANY)
                .values().get().containsAll(granted));
        Map<String, String> client = new HashMap<>();
        cluster.clientConfigFor(principal).forEach((key, value) -> client.put(key, value.toString()));
        client.remove("bootstrap.servers");

        long startedAt = System.nanoTime();
        assertThatThrownBy(() -> {
            try (SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServer.Options
                    .of(cluster.bootstrapServers()).withTopic(topic).withKafkaConfig(client))) {
                new CachingSchemaRegistryClient(CachingSchemaRegistryClient.Options.defaults(registry.url()))
                        .register("acl-value", Schema.create(Schema.Type.STRING));
            }
        }).satisfies(e -> assertThat(messages(e)).as(acl)
                .containsIgnoringCase(missing.pattern().name())
                .containsIgnoringCase(operation(missing)));
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(QUICKLY);
    }

    /** The documented ACLs for a store on {@code topic} instead of {@value RewindAcls#SCHEMAS_TOPIC}. */
    private static List<AclBinding> forTopic(List<AclBinding> acls, String topic) {
        return acls.stream().map(b -> new AclBinding(new ResourcePattern(b.pattern().resourceType(),
                b.pattern().name().replace(RewindAcls.SCHEMAS_TOPIC, topic), b.pattern().patternType()), b.entry()))
                .toList();
    }

    private static String describe(AclBinding binding) {
        return operation(binding) + " on " + binding.pattern().resourceType() + " "
                + binding.pattern().name().replace("User:" + PLACEHOLDER, "");
    }

    private static String operation(AclBinding binding) {
        return binding.entry().operation().name();
    }

    /** Every message of the chain: what an operator reads in the log or on stderr. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}

package dev.rewind.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.clients.acl.RewindAcls;
import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.registry.SchemaRegistryServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the tests that take each documented ACL of a rewind process away in turn share: the cases as parameters (so
 * a newly documented ACL is covered without touching the test), granting all but one, and the check that what an
 * operator sees names the operation and the resource as rewind's errors do: {@code <OPERATION> on <ResourceType>
 * '<name>'}.
 */
public final class AclRemoval {

    private AclRemoval() {
    }

    /** One case per binding of {@code documented}: a readable name and the index of the binding taken away. */
    public static Stream<Arguments> cases(List<AclBinding> documented) {
        return IntStream.range(0, documented.size())
                .mapToObj(i -> Arguments.of(describe(documented.get(i)), i));
    }

    /** {@code documented} without the binding at {@code removed}. */
    public static List<AclBinding> allBut(List<AclBinding> documented, int removed) {
        List<AclBinding> granted = new ArrayList<>(documented);
        granted.remove(removed);
        return granted;
    }

    /** Creates the bindings and waits until the authorizer has them (it applies new ACLs asynchronously). */
    public static void grant(KafkaCluster cluster, List<AclBinding> acls) throws Exception {
        cluster.admin().createAcls(acls).all().get();
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.admin().describeAcls(AclBindingFilter.ANY)
                .values().get().containsAll(acls));
    }

    /**
     * Starts the schema registry on {@code cluster} as principal {@code registry}, holding exactly the ACLs
     * {@link RewindAcls#registry} documents; the caller closes it.
     */
    public static SchemaRegistryServer startRegistry(KafkaCluster cluster) throws Exception {
        grant(cluster, RewindAcls.registry("User:registry"));
        return SchemaRegistryServer.start(SchemaRegistryServer.Options.of(cluster.bootstrapServers())
                .withKafkaConfig(strings(cluster.clientConfigFor("registry"))));
    }

    /** Deletes {@code topic} as the administrator if it exists and waits until it is gone. */
    public static void deleteTopic(KafkaCluster cluster, String topic) throws Exception {
        if (cluster.admin().listTopics().names().get().contains(topic)) {
            cluster.admin().deleteTopics(List.of(topic)).all().get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !cluster.admin().listTopics().names().get()
                .contains(topic));
    }

    /**
     * Asserts that {@code text} names the operation and the resource of {@code acl}: {@code <OPERATION> on
     * <ResourceType> '<name>'}, for a prefixed binding a name that starts with the prefix, for a wildcard any name.
     */
    public static void assertNames(String text, AclBinding acl) {
        ResourcePattern pattern = acl.pattern();
        boolean wildcard = pattern.name().equals(ResourcePattern.WILDCARD_RESOURCE);
        String expected = acl.entry().operation().name() + " on " + resourceType(pattern.resourceType()) + " '"
                + (wildcard ? "" : pattern.name());
        if (pattern.patternType() == PatternType.LITERAL && !wildcard) {
            expected += "'";
        }
        assertThat(text).as("what an operator sees without %s", describe(acl)).contains(expected);
    }

    /** Kafka's spelling of a resource type in its authorizer's log and in {@code kafka-acls.sh}. */
    public static String resourceType(ResourceType type) {
        return switch (type) {
            case TOPIC -> "Topic";
            case GROUP -> "Group";
            case TRANSACTIONAL_ID -> "TransactionalId";
            case CLUSTER -> "Cluster";
            default -> type.name();
        };
    }

    /** e.g. {@code WRITE on Topic rewind.dlq.c}, a prefix ending in {@code *}. */
    public static String describe(AclBinding binding) {
        return binding.entry().operation() + " on " + resourceType(binding.pattern().resourceType()) + " "
                + binding.pattern().name() + (binding.pattern().patternType() == PatternType.PREFIXED ? "*" : "");
    }

    /** Every message of the cause chain of {@code e}: what an operator reads in the log. */
    public static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    /** {@code config} without {@code bootstrap.servers}, values as strings (for the registry's and services' settings). */
    public static Map<String, String> strings(Map<String, Object> config) {
        Map<String, String> strings = new HashMap<>();
        config.forEach((k, v) -> strings.put(k, v.toString()));
        strings.remove("bootstrap.servers");
        return strings;
    }
}

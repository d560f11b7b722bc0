package dev.rewind.protocol.topics;

import dev.rewind.clients.acl.KafkaAccessDenied;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link TopicDefinition}s to a cluster, idempotently, as Kafka Connect's {@code TopicAdmin} does for
 * its internal topics: topics that exist are left as they are (a {@link TopicExistsException} from a
 * concurrent creator counts as existing), missing ones are created with {@code min(3, brokers)} replicas and
 * {@code min.insync.replicas = max(1, replicas - 1)} whichever process gets there first. An authorization
 * failure names the topic, the principal's missing right and the definition to create it with by hand.
 *
 * <p>Thread-safe; it does not own the {@link Admin}.
 */
public final class TopicAdmin {

    /** The most replicas rewind asks for. */
    public static final int MAX_REPLICATION_FACTOR = 3;

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicAdmin.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;
    private final Duration timeout;

    /** Uses {@code admin} (not closed here), each call waiting up to {@code timeout}. */
    public TopicAdmin(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Shorthand for {@code new TopicAdmin(admin, 60 s).ensure(definitions)}. */
    public static Map<String, Integer> ensure(Admin admin, TopicDefinition... definitions) {
        return new TopicAdmin(admin, DEFAULT_TIMEOUT).ensure(List.of(definitions));
    }

    /**
     * Ensures the topics with a short-lived admin client built from {@code clientConfig} (settings that are not
     * admin settings are left out), for processes that hold no admin client of their own.
     */
    public static Map<String, Integer> ensure(Map<String, Object> clientConfig, TopicDefinition... definitions) {
        Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        try (Admin admin = Admin.create(adminConfig)) {
            return ensure(admin, definitions);
        }
    }

    /** The replication factor rewind gives a new topic on a cluster of {@code brokers} brokers. */
    public static short replicationFactor(int brokers) {
        return (short) Math.max(1, Math.min(MAX_REPLICATION_FACTOR, brokers));
    }

    /** The {@code min.insync.replicas} rewind gives a new topic with {@code replicas} replicas. */
    public static int minInsyncReplicas(short replicas) {
        return Math.max(1, replicas - 1);
    }

    /**
     * Creates the topics that are missing and checks those that exist.
     *
     * @return the partition count of every topic, by name
     * @throws TopicSetupException when a topic cannot be created or described, or an existing
     *     single-partition log has more than one partition; the message names the topic and the fix
     */
    public Map<String, Integer> ensure(Collection<TopicDefinition> definitions) {
        Map<String, TopicDefinition> byName = new LinkedHashMap<>();
        definitions.forEach(d -> byName.put(d.name(), d));
        Map<String, Integer> partitions = new HashMap<>();
        Set<String> existing = existingTopics(byName.keySet());
        List<TopicDefinition> missing = byName.values().stream().filter(d -> !existing.contains(d.name())).toList();
        Set<String> lostRace = create(missing);
        missing.stream().filter(d -> !lostRace.contains(d.name())).forEach(d -> partitions.put(d.name(), d.partitions()));
        List<String> toDescribe = new ArrayList<>(existing);
        toDescribe.addAll(lostRace);
        if (!toDescribe.isEmpty()) {
            describe(toDescribe).forEach((name, description) -> {
                int count = description.partitions().size();
                if (byName.get(name).singlePartitionLog() && count != 1) {
                    throw new TopicSetupException("Topic " + name + " has " + count + " partitions; rewind reads it"
                            + " as one ordered log and needs exactly 1. Delete and recreate it with 1 partition,"
                            + " or configure another topic name.", null);
                }
                partitions.put(name, count);
            });
        }
        return Map.copyOf(partitions);
    }

    private Set<String> existingTopics(Set<String> names) {
        Set<String> all = call(() -> admin.listTopics().names(), "list the topics " + names);
        return names.stream().filter(all::contains).collect(Collectors.toSet());
    }

    /** Creates the topics; returns the names another process created in between. */
    private Set<String> create(List<TopicDefinition> missing) {
        if (missing.isEmpty()) {
            return Set.of();
        }
        int brokers = call(() -> admin.describeCluster().nodes(), "describe the cluster").size();
        short replicas = replicationFactor(brokers);
        List<NewTopic> newTopics = missing.stream().map(d -> newTopic(d, replicas)).toList();
        Set<String> lostRace = new java.util.HashSet<>();
        admin.createTopics(newTopics).values().forEach((name, future) -> {
            try {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOGGER.atInfo().addKeyValue("topic", name).addKeyValue("replicationFactor", replicas)
                        .log("Created topic");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    lostRace.add(name);
                } else {
                    throw createFailed(missing.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow(),
                            replicas, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new TopicSetupException("Timed out after " + timeout + " creating topic " + name
                        + "; check bootstrap.servers and that the brokers are up", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("Interrupted while creating topic " + name, e);
            }
        });
        return lostRace;
    }

    private static NewTopic newTopic(TopicDefinition definition, short replicas) {
        Map<String, String> configs = new HashMap<>(definition.configs());
        configs.putIfAbsent(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas(replicas)));
        return new NewTopic(definition.name(), definition.partitions(), replicas).configs(configs);
    }

    private TopicSetupException createFailed(TopicDefinition definition, short replicas, Throwable cause) {
        String byHand = "create it by hand with " + definition.partitions() + " partition(s), replication factor "
                + replicas + " and configs " + newTopic(definition, replicas).configs();
        if (KafkaAccessDenied.isDenied(cause)) {
            KafkaAccessDenied denied = KafkaAccessDenied.of(KafkaAccessDenied.find(cause).orElseThrow(),
                    KafkaAccessDenied.Request.of("this process", AclOperation.CREATE)
                            .naming(List.of(definition.name())));
            return new TopicSetupException(denied.getMessage() + "; or " + byHand + hidden(definition.name()), denied);
        }
        if (cause instanceof UnsupportedVersionException) {
            return new TopicSetupException("The brokers do not support creating topic " + definition.name()
                    + " through the admin API; " + byHand, cause);
        }
        return new TopicSetupException("Cannot create topic " + definition.name() + ": " + cause.getMessage()
                + "; " + byHand, cause);
    }

    /**
     * A topic its principal may not describe is missing from the topic list whether it exists or not, and the broker
     * answers its creation with an authorization error rather than say it exists: name what the process uses it for.
     */
    private String hidden(String name) {
        try {
            admin.describeTopics(List.of(name)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return "";
        } catch (ExecutionException e) {
            if (!KafkaAccessDenied.isDenied(e.getCause())) {
                return "";
            }
        } catch (TimeoutException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        return ". If " + name + " exists, this process may not even describe it, and creating it is refused for"
                + " that reason" + uses(List.of(name));
    }

    /** What describing a topic takes: any operation on it, the one the process needs (READ or WRITE imply DESCRIBE). */
    private static String uses(List<String> names) {
        return names.stream().map(name -> "; grant its principal READ on Topic '" + name + "' if it reads the topic,"
                + " WRITE on Topic '" + name + "' if it writes it").collect(Collectors.joining());
    }

    private Map<String, TopicDescription> describe(List<String> names) {
        // right after a creation elsewhere the topic's metadata may not have reached every broker yet
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw failed("describe the topics " + names, names, e.getCause());
                }
                pause();
            } catch (TimeoutException e) {
                throw new TopicSetupException("Timed out after " + timeout + " describing the topics " + names
                        + "; check bootstrap.servers", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("Interrupted while describing the topics " + names, e);
            }
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("Interrupted while waiting for topic metadata", e);
        }
    }

    private <T> T call(java.util.function.Supplier<KafkaFuture<T>> request, String what) {
        try {
            return request.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(what, e.getCause());
        } catch (TimeoutException e) {
            throw new TopicSetupException("Timed out after " + timeout + " trying to " + what
                    + "; check bootstrap.servers and that the brokers are up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("Interrupted while trying to " + what, e);
        }
    }

    private static TopicSetupException failed(String what, Throwable cause) {
        return failed(what, List.of(), cause);
    }

    private static TopicSetupException failed(String what, List<String> names, Throwable cause) {
        if (KafkaAccessDenied.isDenied(cause)) {
            KafkaAccessDenied denied = KafkaAccessDenied.of(KafkaAccessDenied.find(cause).orElseThrow(),
                    new KafkaAccessDenied.Request("this process", topic -> AclOperation.DESCRIBE, names, null,
                            AclOperation.DESCRIBE, null, AclOperation.DESCRIBE));
            return new TopicSetupException("Cannot " + what + ": " + denied.getMessage() + uses(names), denied);
        }
        return new TopicSetupException("Cannot " + what + ": " + cause.getMessage(), cause);
    }
}

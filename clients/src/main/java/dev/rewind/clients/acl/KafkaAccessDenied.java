package dev.rewind.clients.acl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A Kafka authentication or authorization failure, told the way every rewind process tells it: one sentence
 * naming the operation and the resource to grant, {@code Kafka denied <OPERATION> on <ResourceType> '<name>'}
 * (Kafka's own spelling, as its authorizer logs it and {@code kafka-acls.sh} takes it), who was denied and where the
 * ACLs are listed. Kafka's own messages ("Transactional Id authorization failed.", "Not authorized to access
 * topics: [x]") name neither the operation nor, for transactional ids, the resource.
 *
 * <p>Not transient: a missing ACL stays missing however often the request is retried, so a process stops (or
 * refuses the request) with this instead of retrying (KIP-152 made authentication failures non-retriable for the
 * same reason).
 */
public final class KafkaAccessDenied extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String ACL_DOC = " (the ACLs each rewind process needs are listed in README \"ACLs\" and"
            + " created by docs/acls/rewind-acls.sh)";

    /** The operation Kafka denied; {@code null} for an authentication failure. */
    private final AclOperation operation;
    /** The type of the resource denied; {@code null} for an authentication failure. */
    private final ResourceType resourceType;

    private KafkaAccessDenied(String message, AclOperation operation, ResourceType resourceType, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.resourceType = resourceType;
    }

    /** The operation to grant; empty for an authentication failure. */
    public Optional<AclOperation> operation() {
        return Optional.ofNullable(operation);
    }

    /** The type of the resource to grant it on; empty for an authentication failure. */
    public Optional<ResourceType> resourceType() {
        return Optional.ofNullable(resourceType);
    }

    /**
     * The first authentication or authorization failure among {@code e} and its causes (a {@link KafkaAccessDenied}
     * counts: it is not wrapped twice).
     */
    public static Optional<Throwable> find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KafkaAccessDenied || t instanceof AuthorizationException
                    || t instanceof AuthenticationException) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code e} or one of its causes is an authentication or authorization failure. */
    public static boolean isDenied(Throwable e) {
        return find(e).isPresent();
    }

    /** Throws the {@link KafkaAccessDenied} that {@code e} amounts to, if it (or a cause) is a denial. */
    public static void rethrowIfDenied(Throwable e, Request request) {
        Optional<Throwable> denial = find(e);
        if (denial.isPresent()) {
            throw of(denial.get(), request);
        }
    }

    /**
     * {@code e} told as a denial where it carries one that is not told yet: for the edge of a process (its start, a
     * request handler) that catches whatever its parts threw. Returns {@code e} itself when its causes hold no denial
     * or one already told as a {@link KafkaAccessDenied}; else a {@link KafkaAccessDenied} for {@code request} with
     * {@code e} as a suppressed exception (its context stays in the stack trace).
     */
    public static RuntimeException explain(RuntimeException e, Request request) {
        Optional<Throwable> denial = find(e);
        if (denial.isEmpty() || denial.get() instanceof KafkaAccessDenied) {
            return e;
        }
        KafkaAccessDenied denied = of(denial.get(), request);
        denied.addSuppressed(e);
        return denied;
    }

    /**
     * Asks the cluster which operation of {@code needed} the client's principal lacks on each topic (DescribeTopics
     * with the authorized operations, KIP-430), for clients that cannot tell which operation Kafka denied (Kafka
     * Streams' internal topics need several) or that are never told (a pattern subscription skips a topic its
     * principal may not describe without a word). A topic the principal may not even describe lacks the first
     * needed operation; a topic that does not exist, or whose operations the broker does not list, says nothing.
     *
     * @param needed per topic, the operations the client needs on it, the most telling first
     * @return the first missing operation found, told as a denial for {@code request}
     */
    public static Optional<KafkaAccessDenied> probe(Admin admin, Map<String, List<AclOperation>> needed,
            Request request, Duration timeout) {
        if (needed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(needed.keySet(),
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs((int) timeout.toMillis()))
                .topicNameValues();
        for (String topic : new TreeSet<>(needed.keySet())) {
            List<AclOperation> operations = needed.get(topic);
            try {
                Set<AclOperation> authorized = described.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .authorizedOperations();
                if (authorized == null) {
                    continue;
                }
                for (AclOperation operation : operations) {
                    if (!authorized.contains(operation)) {
                        return Optional.of(denied(request, operation, ResourceType.TOPIC, List.of(topic),
                                new TopicAuthorizationException("the broker lists the principal's operations on "
                                        + topic + " as " + new TreeSet<>(authorized), Set.of(topic))));
                    }
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException denial) {
                    return Optional.of(denied(request, operations.get(0), ResourceType.TOPIC, List.of(topic), denial));
                }
            } catch (java.util.concurrent.TimeoutException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * What {@code denial} (an {@link AuthorizationException} or {@link AuthenticationException}) amounts to for the
     * client {@code request} describes: which operation on which resource, to whom to grant it.
     */
    public static KafkaAccessDenied of(Throwable denial, Request request) {
        if (denial instanceof KafkaAccessDenied already) {
            return already;
        }
        if (denial instanceof GroupAuthorizationException group) {
            String name = group.groupId() != null ? group.groupId() : request.groupId();
            return denied(request, request.groupOperation(), ResourceType.GROUP,
                    name == null ? List.of() : List.of(name), denial);
        }
        if (denial instanceof TopicAuthorizationException topic) {
            List<String> topics = topic.unauthorizedTopics().isEmpty() ? request.topicsIfUnnamed()
                    : List.copyOf(new TreeSet<>(topic.unauthorizedTopics()));
            Map<AclOperation, List<String>> byOperation = new LinkedHashMap<>();
            topics.forEach(name -> byOperation.computeIfAbsent(request.topicOperation().apply(name),
                    k -> new java.util.ArrayList<>()).add(name));
            if (byOperation.size() > 1) {
                String what = byOperation.entrySet().stream().map(e -> on(e.getKey(), ResourceType.TOPIC,
                        e.getValue())).collect(Collectors.joining(" and "));
                return new KafkaAccessDenied("Kafka denied " + what + " to " + request.process() + ": grant its"
                        + " principal " + what + ACL_DOC + "; the broker said: " + denial.getMessage(),
                        byOperation.keySet().iterator().next(), ResourceType.TOPIC, denial);
            }
            AclOperation operation = byOperation.isEmpty() ? request.topicOperation().apply("")
                    : byOperation.keySet().iterator().next();
            return denied(request, operation, ResourceType.TOPIC, topics, denial);
        }
        if (denial instanceof TransactionalIdAuthorizationException) {
            return denied(request, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                    request.transactionalId() == null ? List.of() : List.of(request.transactionalId()), denial);
        }
        if (denial instanceof ClusterAuthorizationException) {
            return denied(request, request.clusterOperation(), ResourceType.CLUSTER, List.of("kafka-cluster"), denial);
        }
        if (denial instanceof AuthenticationException) {
            return new KafkaAccessDenied("Kafka refused to authenticate " + request.process() + ": "
                    + denial.getMessage() + "; check security.protocol, sasl.mechanism and sasl.jaas.config (or"
                    + " ssl.keystore.*)", null, null, denial);
        }
        return new KafkaAccessDenied("Kafka denied " + request.process() + " access: " + denial.getMessage()
                + ACL_DOC, null, null, denial);
    }

    private static KafkaAccessDenied denied(Request request, AclOperation operation, ResourceType type,
            List<String> names, Throwable denial) {
        String what = on(operation, type, names);
        return new KafkaAccessDenied("Kafka denied " + what + " to " + request.process() + ": grant its principal "
                + what + ACL_DOC + "; the broker said: " + denial.getMessage(), operation, type, denial);
    }

    /** {@code READ on Topic 'a'}, {@code READ on Topic 'a', Topic 'b'}; a resource the broker did not name: "(unnamed)". */
    static String on(AclOperation operation, ResourceType type, List<String> names) {
        String resources = names.isEmpty() ? spelling(type) + " (unnamed by the broker)"
                : names.stream().map(name -> spelling(type) + " '" + name + "'").collect(Collectors.joining(", "));
        return operation.name() + " on " + resources;
    }

    /** Kafka's spelling of a resource type in its authorizer's log and in {@code kafka-acls.sh}. */
    static String spelling(ResourceType type) {
        return switch (type) {
            case TOPIC -> "Topic";
            case GROUP -> "Group";
            case TRANSACTIONAL_ID -> "TransactionalId";
            case CLUSTER -> "Cluster";
            case DELEGATION_TOKEN -> "DelegationToken";
            case USER -> "User";
            default -> type.name();
        };
    }

    /**
     * What a client was doing when Kafka denied it, which Kafka's exceptions do not say: the process ("version
     * c.v1", "the replay service"), the operation it needs on each topic it touches, its transactional id and the
     * operation it needs on its group.
     *
     * @param process who was denied, as a log reader knows it
     * @param topicOperation the operation the client needs on a topic, by topic name
     * @param topicsIfUnnamed the topics to name when the broker did not (an empty unauthorized-topics set)
     * @param groupId the client's group, named when the broker did not; may be null
     * @param groupOperation the operation it needs on its group ({@code READ} for a member, {@code DESCRIBE} for an
     *     admin describing groups)
     * @param transactionalId the producer's transactional id, which Kafka's exception does not name; may be null
     * @param clusterOperation the operation it needs on the cluster, if the cluster is denied
     */
    public record Request(String process, Function<String, AclOperation> topicOperation, List<String> topicsIfUnnamed,
            String groupId, AclOperation groupOperation, String transactionalId, AclOperation clusterOperation) {

        public Request {
            Objects.requireNonNull(process, "process");
            Objects.requireNonNull(topicOperation, "topicOperation");
            topicsIfUnnamed = List.copyOf(topicsIfUnnamed);
            Objects.requireNonNull(groupOperation, "groupOperation");
            Objects.requireNonNull(clusterOperation, "clusterOperation");
        }

        /** A client of {@code process} that needs {@code topicOperation} on every topic it touches. */
        public static Request of(String process, AclOperation topicOperation) {
            return new Request(process, topic -> topicOperation, List.of(), null, AclOperation.READ, null,
                    AclOperation.CREATE);
        }

        /** This request, needing {@code operation} on the topics {@code topics} (others as before). */
        public Request with(AclOperation operation, java.util.Collection<String> topics) {
            java.util.Set<String> named = java.util.Set.copyOf(topics);
            Function<String, AclOperation> before = topicOperation;
            return new Request(process, topic -> named.contains(topic) ? operation : before.apply(topic),
                    topicsIfUnnamed, groupId, groupOperation, transactionalId, clusterOperation);
        }

        /** This request, naming {@code topics} when the broker names none. */
        public Request naming(List<String> topics) {
            return new Request(process, topicOperation, topics, groupId, groupOperation, transactionalId,
                    clusterOperation);
        }

        /** This request, for a member (or describer) of {@code group} that needs {@code operation} on it. */
        public Request group(String group, AclOperation operation) {
            return new Request(process, topicOperation, topicsIfUnnamed, group, operation, transactionalId,
                    clusterOperation);
        }

        /** This request, for a producer with {@code id} as its {@code transactional.id}. */
        public Request transactionalId(String id) {
            return new Request(process, topicOperation, topicsIfUnnamed, groupId, groupOperation, id,
                    clusterOperation);
        }
    }
}

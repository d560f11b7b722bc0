package dev.rewind.replaytool.history.internal;

import dev.rewind.clients.acl.KafkaAccessDenied;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * What the history index may do on Kafka, checked where Kafka Streams does not say: its pattern subscriptions skip
 * a source or outcomes topic its principal may not read without a word, a denial on one of its internal topics
 * ({@code <application.id>-...}) does not say which of the operations they need was denied, and a denied purge of a
 * repartition topic is only logged. A denial is not transient: the index stops, and its queries answer with the
 * sentence naming the ACL ({@link KafkaAccessDenied}) instead of "starting or rebalancing".
 *
 * <p>Thread-safe; owns its admin client.
 */
public final class IndexAccess implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** What Kafka Streams does with its internal topics: the documented ACLs (RewindAcls#historyIndex). */
    private static final List<AclOperation> INTERNAL = List.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.CREATE, AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS);

    private final Admin admin;
    private final String applicationId;
    private final List<String> readTopics;
    private final KafkaAccessDenied.Request request;
    private final AtomicReference<KafkaAccessDenied> denied = new AtomicReference<>();

    /**
     * @param readTopics the topics the index reads by name (listed sources, the outcomes topic)
     */
    public IndexAccess(Map<String, Object> adminConfig, String applicationId, List<String> readTopics) {
        this.admin = Admin.create(adminConfig);
        this.applicationId = applicationId;
        this.readTopics = List.copyOf(readTopics);
        this.request = KafkaAccessDenied.Request.of("the history index (application id " + applicationId + ")",
                AclOperation.READ).group(applicationId, AclOperation.READ)
                .transactionalId(applicationId + "-<process id>-<thread>");
    }

    /**
     * Before the index starts: throws when its principal may not read one of the topics it reads by name.
     *
     * @throws KafkaAccessDenied naming the topic and {@code READ}
     */
    public void requireReadable() {
        Map<String, List<AclOperation>> needed = new LinkedHashMap<>();
        readTopics.forEach(topic -> needed.put(topic, List.of(AclOperation.READ)));
        Optional<KafkaAccessDenied> missing = KafkaAccessDenied.probe(admin, needed, request, TIMEOUT);
        if (missing.isPresent()) {
            denied.compareAndSet(null, missing.get());
            throw missing.get();
        }
    }

    /**
     * After a stream thread died of {@code failure} (an authorization or authentication failure): the denial naming
     * the operation, asking the cluster which one is missing where Kafka's exception does not say.
     */
    public KafkaAccessDenied explain(Throwable failure) {
        List<String> internal = internalTopics();
        Map<String, List<AclOperation>> needed = new LinkedHashMap<>();
        readTopics.forEach(topic -> needed.put(topic, List.of(AclOperation.READ)));
        internal.forEach(topic -> needed.put(topic, INTERNAL));
        // an internal topic Kafka Streams was denied that does not exist yet is one it could not create
        KafkaAccessDenied.Request creating = new KafkaAccessDenied.Request(request.process(),
                topic -> topic.startsWith(applicationId + "-") && !internal.contains(topic) ? AclOperation.CREATE
                        : AclOperation.READ, List.of(), request.groupId(), request.groupOperation(),
                request.transactionalId(), request.clusterOperation());
        Throwable denial = KafkaAccessDenied.find(failure).orElse(failure);
        KafkaAccessDenied told = KafkaAccessDenied.probe(admin, needed, request, TIMEOUT)
                .or(() -> denial instanceof TopicAuthorizationException unnamed && unnamed.unauthorizedTopics().isEmpty()
                        ? probeCreate() : Optional.empty())
                .orElseGet(() -> KafkaAccessDenied.of(denial, creating));
        denied.compareAndSet(null, told);
        return denied.get();
    }

    /** Once running, when the internal topics exist: the operation the principal lacks on one of them, if any. */
    public Optional<KafkaAccessDenied> checkInternalTopics() {
        Map<String, List<AclOperation>> needed = new LinkedHashMap<>();
        internalTopics().forEach(topic -> needed.put(topic, INTERNAL));
        Optional<KafkaAccessDenied> missing = KafkaAccessDenied.probe(admin, needed, request, TIMEOUT);
        missing.ifPresent(d -> denied.compareAndSet(null, d));
        return missing;
    }

    /**
     * Whether the principal may create topics under the internal prefix, asked with a validate-only creation of a
     * name no store uses (nothing is created): Kafka Streams' "Could not create topic" carries a denial that names no
     * topic.
     */
    private Optional<KafkaAccessDenied> probeCreate() {
        String probe = applicationId + "-access-probe";
        try {
            admin.createTopics(List.of(new NewTopic(probe, Optional.empty(), Optional.empty())),
                    new CreateTopicsOptions().validateOnly(true)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return KafkaAccessDenied.isDenied(e.getCause())
                    ? Optional.of(KafkaAccessDenied.of(KafkaAccessDenied.find(e.getCause()).orElseThrow(),
                            KafkaAccessDenied.Request.of(request.process(), AclOperation.CREATE)
                                    .naming(List.of(probe))))
                    : Optional.empty();
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The denial that stopped the index, if one did. */
    public Optional<KafkaAccessDenied> denied() {
        return Optional.ofNullable(denied.get());
    }

    private List<String> internalTopics() {
        try {
            return admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(topic -> topic.startsWith(applicationId + "-")).sorted().toList();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}

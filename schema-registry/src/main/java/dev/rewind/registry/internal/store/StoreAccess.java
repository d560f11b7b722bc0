package dev.rewind.registry.internal.store;

import dev.rewind.clients.acl.KafkaAccessDenied;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;

/**
 * Names the ACL a store write was refused for, as every rewind process does ({@link KafkaAccessDenied}): Kafka's own
 * messages ("Transactional Id authorization failed.") say neither the resource nor the operation, and a missing ACL
 * stays missing however often the write is retried.
 */
final class StoreAccess {

    private StoreAccess() {
    }

    /** Whether {@code e} or one of its causes is an authentication or authorization failure. */
    static boolean isDenied(Throwable e) {
        return KafkaAccessDenied.isDenied(e);
    }

    /** A sentence naming the resource and the operation to grant, or "" when {@code e} is no authorization failure. */
    static String deniedWrite(Throwable e, String topic, String transactionalId) {
        return KafkaAccessDenied.find(e).map(denial -> "; " + KafkaAccessDenied.of(denial, KafkaAccessDenied.Request
                .of("the schema registry", AclOperation.WRITE).naming(List.of(topic))
                .transactionalId(transactionalId)).getMessage()).orElse("");
    }
}

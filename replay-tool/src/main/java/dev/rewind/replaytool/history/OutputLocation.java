package dev.rewind.replaytool.history;

import java.util.Objects;

/**
 * One record a processing emitted. Partition and offset are null when the engine did not know them
 * (they are assigned when the transaction commits).
 *
 * @param topic     output topic
 * @param partition partition or null
 * @param offset    offset or null
 * @param key       record key as text, or null
 */
public record OutputLocation(String topic, Integer partition, Long offset, String key) {

    public OutputLocation {
        Objects.requireNonNull(topic, "topic");
    }
}

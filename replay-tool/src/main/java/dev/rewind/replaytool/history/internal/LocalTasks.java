package dev.rewind.replaytool.history.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;

/** The partitions of one sub-topology whose active tasks run on this instance. */
final class LocalTasks {

    private LocalTasks() {
    }

    /** The id of the sub-topology of {@code topology} that holds the processor {@code processor}. */
    static int subtopologyOf(TopologyDescription topology, String processor) {
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            if (sub.nodes().stream().anyMatch(n -> n.name().equals(processor))) {
                return sub.id();
            }
        }
        throw new IllegalArgumentException("the topology has no " + processor + " processor");
    }

    /**
     * The partitions of {@code subtopology} this instance runs active tasks for, ascending.
     *
     * @throws InvalidStateStoreException unless the application runs: while it starts or rebalances,
     *     the partitions it holds are not all the ones it will answer for
     */
    static List<Integer> activePartitions(KafkaStreams streams, int subtopology) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("the history index is " + streams.state().name().toLowerCase()
                    + ", so its partitions are not settled");
        }
        TreeSet<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task -> {
            TaskId id = task.taskId();
            if (id.subtopology() == subtopology) {
                partitions.add(id.partition());
            }
        }));
        return new ArrayList<>(partitions);
    }
}

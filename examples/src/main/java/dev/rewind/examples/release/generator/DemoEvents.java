package dev.rewind.examples.release.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * An endless, realistic stream of demo events for a set of customers: each call picks a project
 * at random and advances its pipeline by one event. Events of one project come in pipeline order;
 * projects interleave. Not thread-safe.
 */
public final class DemoEvents {

    /**
     * One generated event.
     *
     * @param project the project id, the record key
     * @param value the Avro event
     */
    public record Generated(String project, SpecificRecord value) {
    }

    private final List<ProjectPipeline> pipelines = new ArrayList<>();
    private final Random random;

    /** Events for {@code customers}, drawn from {@code random} (seed it for a repeatable stream). */
    public DemoEvents(List<DemoCustomer> customers, Random random) {
        this.random = Objects.requireNonNull(random, "random");
        for (DemoCustomer customer : customers) {
            for (String project : customer.projects()) {
                pipelines.add(new ProjectPipeline(customer, project));
            }
        }
        if (pipelines.isEmpty()) {
            throw new IllegalArgumentException("The demo needs at least one customer with a project");
        }
    }

    /** The next event. */
    public Generated next() {
        ProjectPipeline pipeline = pipelines.get(random.nextInt(pipelines.size()));
        return new Generated(pipeline.project(), pipeline.next(random));
    }
}

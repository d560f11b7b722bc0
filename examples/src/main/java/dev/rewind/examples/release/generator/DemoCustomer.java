package dev.rewind.examples.release.generator;

import java.util.List;
import java.util.Objects;

/**
 * A customer of the demo's CI product, on a plan, with the projects it builds.
 *
 * @param id the customer id, e.g. {@code acme}
 * @param plan {@code free}, {@code team} or {@code enterprise}
 * @param projects the customer's project ids (the events' keys), at least one
 */
public record DemoCustomer(String id, String plan, List<String> projects) {

    /** The plan whose CI tooling reports flaky tests, and so trips {@code v1}. */
    public static final String ENTERPRISE = "enterprise";

    /** Validates and copies. */
    public DemoCustomer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plan, "plan");
        projects = List.copyOf(projects);
        if (projects.isEmpty()) {
            throw new IllegalArgumentException("Customer " + id + " needs at least one project");
        }
    }

    /** Whether this customer's tooling reports a flaky-test count. */
    public boolean reportsFlakyTests() {
        return ENTERPRISE.equals(plan);
    }

    /**
     * The demo's customers: one enterprise customer ({@code acme}), two on the team plan and two
     * on the free plan.
     */
    public static List<DemoCustomer> defaults() {
        return List.of(
                new DemoCustomer("acme", ENTERPRISE, List.of("acme-web", "acme-payments")),
                new DemoCustomer("globex", "team", List.of("globex-api", "globex-mobile")),
                new DemoCustomer("initech", "team", List.of("initech-portal")),
                new DemoCustomer("hooli", "free", List.of("hooli-blog")),
                new DemoCustomer("piedpiper", "free", List.of("piedpiper-compression")));
    }
}

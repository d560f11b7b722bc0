package dev.rewind.engine.processor;

import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The dimensions an event belongs to for routing and replay: a customer, a plan and a project,
 * each optional.
 *
 * <p>Taken from the {@code cohort} field every event record carries. An absent dimension never
 * matches a selector on that dimension, so an event without any dimension is routed by the
 * {@code default} route only. Values are compared exactly (case-sensitive).
 *
 * <p>Immutable and thread-safe; equal cohorts have equal hash codes.
 */
public final class Cohort {

    private static final Cohort NONE = new Cohort(null, null, null);

    private final String customer;
    private final String plan;
    private final String project;

    private Cohort(String customer, String plan, String project) {
        this.customer = check("customer", customer);
        this.plan = check("plan", plan);
        this.project = check("project", project);
    }

    /**
     * A cohort from nullable dimension values.
     *
     * @throws IllegalArgumentException if a value is present but blank
     */
    public static Cohort of(String customer, String plan, String project) {
        return new Cohort(customer, plan, project);
    }

    /** The cohort without any dimension. */
    public static Cohort none() {
        return NONE;
    }

    /** A cohort with only a customer. */
    public static Cohort ofCustomer(String customer) {
        return new Cohort(Objects.requireNonNull(customer, "customer"), null, null);
    }

    /** A cohort with only a plan. */
    public static Cohort ofPlan(String plan) {
        return new Cohort(null, Objects.requireNonNull(plan, "plan"), null);
    }

    /** A cohort with only a project. */
    public static Cohort ofProject(String project) {
        return new Cohort(null, null, Objects.requireNonNull(project, "project"));
    }

    /** The customer, if the event has one. */
    public Optional<String> customer() {
        return Optional.ofNullable(customer);
    }

    /** The plan, if the event has one. */
    public Optional<String> plan() {
        return Optional.ofNullable(plan);
    }

    /** The project, if the event has one. */
    public Optional<String> project() {
        return Optional.ofNullable(project);
    }

    /** A copy with the customer replaced ({@code null} removes it). */
    public Cohort withCustomer(String value) {
        return new Cohort(value, plan, project);
    }

    /** A copy with the plan replaced ({@code null} removes it). */
    public Cohort withPlan(String value) {
        return new Cohort(customer, value, project);
    }

    /** A copy with the project replaced ({@code null} removes it). */
    public Cohort withProject(String value) {
        return new Cohort(customer, plan, value);
    }

    private static String check(String what, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException("Cohort " + what
                    + " must be absent (null) or non-blank, was '" + value + "'");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cohort other
                && Objects.equals(customer, other.customer)
                && Objects.equals(plan, other.plan)
                && Objects.equals(project, other.project);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customer, plan, project);
    }

    /** E.g. {@code customer:acme,plan:pro}; {@code none} when no dimension is present. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(",");
        if (customer != null) {
            joiner.add("customer:" + customer);
        }
        if (plan != null) {
            joiner.add("plan:" + plan);
        }
        if (project != null) {
            joiner.add("project:" + project);
        }
        return joiner.length() == 0 ? "none" : joiner.toString();
    }
}

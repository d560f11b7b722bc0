package dev.rewind.protocol;

import dev.rewind.engine.processor.Cohort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which events a route applies to: {@code project:<id>}, {@code customer:<id>}, {@code plan:<id>}
 * or {@code default}, in decreasing order of {@linkplain #specificity() specificity}. When several
 * routes match an event, the most specific one wins. Ids follow {@link CohortGrammar}.
 *
 * @param kind the dimension matched
 * @param id the value matched; {@code null} exactly for {@link Kind#DEFAULT}
 */
public record CohortSelector(Kind kind, String id) {

    /** The selector matching every event. */
    public static final CohortSelector DEFAULT = new CohortSelector(Kind.DEFAULT, null);

    /** The dimension a selector matches, from the least to the most specific. */
    public enum Kind {
        /** Matches every event. */
        DEFAULT,
        /** Matches events of one plan. */
        PLAN,
        /** Matches events of one customer. */
        CUSTOMER,
        /** Matches events of one project. */
        PROJECT
    }

    /** Validates the selector. */
    public CohortSelector {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.DEFAULT && id != null) {
            throw new IllegalArgumentException("The default selector takes no id, got '" + id + "'");
        }
        if (kind != Kind.DEFAULT) {
            CohortGrammar.check(kind.name().toLowerCase(), id);
        }
    }

    /** Selects one project. */
    public static CohortSelector project(String id) {
        return new CohortSelector(Kind.PROJECT, id);
    }

    /** Selects one customer. */
    public static CohortSelector customer(String id) {
        return new CohortSelector(Kind.CUSTOMER, id);
    }

    /** Selects one plan. */
    public static CohortSelector plan(String id) {
        return new CohortSelector(Kind.PLAN, id);
    }

    /**
     * Parses {@code project:<id>}, {@code customer:<id>}, {@code plan:<id>} or {@code default}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static CohortSelector parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException(
                    "Selector is missing: use project:<id>, customer:<id>, plan:<id> or default");
        }
        if (text.equals("default")) {
            return DEFAULT;
        }
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? text : text.substring(0, colon);
        Kind kind = switch (prefix) {
            case "project" -> Kind.PROJECT;
            case "customer" -> Kind.CUSTOMER;
            case "plan" -> Kind.PLAN;
            default -> null;
        };
        if (kind == null || colon < 0) {
            throw new IllegalArgumentException("Invalid selector " + CohortGrammar.describe(text)
                    + "': use project:<id>, customer:<id>, plan:<id> or default");
        }
        return new CohortSelector(kind, text.substring(colon + 1));
    }

    /** Whether an event of this cohort is selected. */
    public boolean matches(Cohort cohort) {
        return switch (kind) {
            case DEFAULT -> true;
            case PLAN -> cohort.plan().filter(id::equals).isPresent();
            case CUSTOMER -> cohort.customer().filter(id::equals).isPresent();
            case PROJECT -> cohort.project().filter(id::equals).isPresent();
        };
    }

    /** 0 for default up to 3 for project: a more specific matching route wins. */
    public int specificity() {
        return kind.ordinal();
    }

    /**
     * The selectors matching a cohort, most specific first; always ends with {@link #DEFAULT}. A
     * value outside {@link CohortGrammar} has no selector (none can name it).
     */
    public static List<CohortSelector> matching(Cohort cohort) {
        List<CohortSelector> result = new ArrayList<>(4);
        cohort.project().filter(CohortGrammar::isValid).ifPresent(p -> result.add(project(p)));
        cohort.customer().filter(CohortGrammar::isValid).ifPresent(c -> result.add(customer(c)));
        cohort.plan().filter(CohortGrammar::isValid).ifPresent(p -> result.add(plan(p)));
        result.add(DEFAULT);
        return result;
    }

    /** The parseable form, e.g. {@code customer:acme}. */
    @Override
    public String toString() {
        return kind == Kind.DEFAULT ? "default" : kind.name().toLowerCase() + ":" + id;
    }
}

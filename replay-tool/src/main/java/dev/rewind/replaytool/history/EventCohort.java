package dev.rewind.replaytool.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The cohort an event belongs to; any dimension may be absent (null).
 *
 * @param customer customer id or null
 * @param plan     plan id or null
 * @param project  project id or null
 */
public record EventCohort(String customer, String plan, String project) {

    /** The cohort with no dimension set. */
    public static final EventCohort NONE = new EventCohort(null, null, null);

    /** The value of one dimension, or null. */
    public String value(CohortDimension dimension) {
        return switch (dimension) {
            case CUSTOMER -> customer;
            case PLAN -> plan;
            case PROJECT -> project;
        };
    }

    /** One key per dimension that is set, in dimension order. */
    public List<CohortKey> keys() {
        List<CohortKey> keys = new ArrayList<>(3);
        for (CohortDimension d : CohortDimension.values()) {
            String v = value(d);
            if (v != null && !v.isBlank()) {
                keys.add(new CohortKey(d, v));
            }
        }
        return keys;
    }
}

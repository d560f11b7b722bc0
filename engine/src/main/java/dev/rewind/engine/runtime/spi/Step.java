package dev.rewind.engine.runtime.spi;

/** What the consumer loop does with a partition after a handler looked at one of its records. */
public enum Step {
    /** The record is handled (its offset is in the transaction); go on with the next. */
    NEXT,
    /**
     * The record cannot be decided yet (newer than the route history read): pause the partition,
     * seek back to this record and resume once the route history has caught up.
     */
    WAIT_FOR_ROUTES,
    /** The record is handled, but the error policy stops the partition: pause it for good. */
    STOP
}

/**
 * Outcomes: the record of each processing of an event by a component version, on
 * {@code rewind.outcomes}.
 */
package dev.rewind.engine.outcome;

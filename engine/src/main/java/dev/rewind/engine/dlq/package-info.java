/**
 * Dead letters: events a component version could not decode or process, written with their
 * original bytes and headers, the version and the reason to {@code rewind.dlq.<component>} in the
 * same transaction as the offsets that pass them.
 */
package dev.rewind.engine.dlq;

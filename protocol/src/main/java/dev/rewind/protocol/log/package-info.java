/**
 * {@link dev.rewind.protocol.log.LogFollower}: the one way rewind reads a whole topic into memory (route
 * history, control views, the registry's store).
 */
package dev.rewind.protocol.log;

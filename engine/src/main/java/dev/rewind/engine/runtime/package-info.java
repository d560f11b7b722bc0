/**
 * Running a component version: {@link dev.rewind.engine.runtime.ComponentRuntime}, embeddable in
 * tests and the local stack and used by {@code dev.rewind.engine.Main}; the headers it puts on
 * outputs ({@link dev.rewind.engine.runtime.RewindHeaders}).
 */
package dev.rewind.engine.runtime;

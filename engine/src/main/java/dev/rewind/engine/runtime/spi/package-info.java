/**
 * The runtime's contract with the engine features that plug into its consumer loop (replay): the
 * loop's {@link dev.rewind.engine.runtime.spi.PartitionHandler} and
 * {@link dev.rewind.engine.runtime.spi.Step} answers, its
 * {@link dev.rewind.engine.runtime.spi.LoopExtension} and
 * {@link dev.rewind.engine.runtime.spi.PartitionListener} call-backs, the per-event
 * {@link dev.rewind.engine.runtime.spi.EventPipeline} and the open
 * {@link dev.rewind.engine.runtime.spi.BatchTransaction}.
 *
 * <p>Engine-internal: public only because Java packages need it so that features do not import each
 * other's {@code internal} packages. Not an API for component code (that is
 * {@code dev.rewind.engine.processor} in {@code rewind-engine-api}); it changes without notice.
 * Consumer thread only unless a type says otherwise.
 */
package dev.rewind.engine.runtime.spi;

package dev.rewind.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import dev.rewind.engine.processor.ProcessorInit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentRuntimeTest {

    /** Counts how often it is initialised and closed. */
    static final class CountingProcessor implements EventProcessor {
        final AtomicInteger inits = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void init(ProcessorInit init) {
            inits.incrementAndGet();
        }

        @Override
        public void process(Event event, ProcessorContext context) {
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private static EngineConfig config(Path stateDir) {
        // nothing listens there: the check must come before any connection
        return EngineConfig.of(Map.of(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                EngineConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:1",
                EngineConfig.COMPONENT_CONFIG, "release-coordinator", EngineConfig.VERSION_CONFIG, "v2",
                EngineConfig.SOURCE_TOPICS_CONFIG, "commits", EngineConfig.STATE_DIR_CONFIG, stateDir.toString()));
    }

    @Test
    void refusesToStartWithASupplierThatHandsOutTheSameProcessorTwice(@TempDir Path stateDir) {
        CountingProcessor shared = new CountingProcessor();
        try (ComponentRuntime runtime = ComponentRuntime.builder(config(stateDir)).processor(() -> shared).build()) {
            runtime.start();

            // what Main did: a dry run would init this live instance again on its own thread and close it
            assertThatThrownBy(() -> runtime.awaitRunning(Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(runtime.state()).isEqualTo(ComponentRuntime.State.FAILED);
            assertThat(runtime.failure()).get().asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ProcessorSupplier returned the same")
                    .hasMessageContaining("a new instance on every call")
                    .hasMessageContaining("CountingProcessor::new");
            assertThat(shared.inits).hasValue(0);
        }
    }
}

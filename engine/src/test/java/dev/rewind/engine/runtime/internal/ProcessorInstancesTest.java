package dev.rewind.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.Event;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProcessorInstancesTest {

    /** Equal to every other instance: the check must go by identity. */
    static final class EqualProcessor implements EventProcessor {
        @Override
        public void process(Event event, ProcessorContext context) {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EqualProcessor;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void handsOutEveryNewInstanceEvenWhenTheyAreEqual() {
        ProcessorInstances processors = new ProcessorInstances(EqualProcessor::new);

        processors.verifyNewInstanceOnEveryCall();

        assertThat(processors.get()).isNotSameAs(processors.get());
    }

    @Test
    void refusesAnInstanceItHandedOutBeforeAtAnyLaterCall() {
        List<EventProcessor> made = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        // new instances for the live processor and the start-up check, then the live one again for a dry run
        ProcessorInstances processors = new ProcessorInstances(() -> {
            if (calls.incrementAndGet() <= 2) {
                made.add(new EqualProcessor());
                return made.get(made.size() - 1);
            }
            return made.get(0);
        });
        processors.get();
        processors.verifyNewInstanceOnEveryCall();

        assertThatThrownBy(processors::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned the same " + EqualProcessor.class.getName() + " instance twice")
                .hasMessageContaining("its contract is a new instance on every call");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> new ProcessorInstances(() -> null).get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned null");
    }
}

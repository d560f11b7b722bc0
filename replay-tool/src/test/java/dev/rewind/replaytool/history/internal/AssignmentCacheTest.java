package dev.rewind.replaytool.history.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AssignmentCacheTest {

    @Test
    void resolvesOnceUntilTheAssignmentChanges() {
        AtomicInteger resolutions = new AtomicInteger();
        AssignmentCache<Integer> cache = new AssignmentCache<>(resolutions::incrementAndGet);

        assertThat(cache.get()).isEqualTo(1);
        assertThat(cache.get()).isEqualTo(1);
        cache.invalidate();
        assertThat(cache.get()).isEqualTo(2);
        assertThat(cache.get()).isEqualTo(2);
        assertThat(resolutions).hasValue(2);
    }

    @Test
    void aValueResolvedWhileTheAssignmentChangedIsNotKept() {
        AtomicInteger resolutions = new AtomicInteger();
        AssignmentCache<Integer>[] cache = new AssignmentCache[1];
        Supplier<Integer> racing = () -> {
            int n = resolutions.incrementAndGet();
            if (n == 1) {
                // a rebalance starts while the first resolution reads the old assignment
                cache[0].invalidate();
            }
            return n;
        };
        cache[0] = new AssignmentCache<>(racing);

        assertThat(cache[0].get()).isEqualTo(1);
        assertThat(cache[0].get()).isEqualTo(2);
        assertThat(cache[0].get()).isEqualTo(2);
    }

    @Test
    void aFailedResolutionKeepsNothing() {
        AtomicInteger calls = new AtomicInteger();
        AssignmentCache<String> cache = new AssignmentCache<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("rebalancing");
            }
            return "stores";
        });

        assertThatThrownBy(cache::get).hasMessage("rebalancing");
        assertThat(cache.get()).isEqualTo("stores");
        assertThat(calls).hasValue(2);
    }
}

package dev.rewind.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.engine.processor.Cohort;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RampTest {

    @Test
    void theBucketIsKafkasMurmur2OfTheUtf8BytesModuloTenThousand() {
        // murmur2 reference values from Kafka's own UtilsTest: "21" -> -973932308, "foobar" -> -790332482
        assertThat(Ramp.bucket("21")).isEqualTo((-973932308 & 0x7fffffff) % 10_000);
        assertThat(Ramp.bucket("foobar")).isEqualTo((-790332482 & 0x7fffffff) % 10_000).isEqualTo(1166);
        assertThat(Ramp.bucket("zoë")).as("UTF-8, not the platform charset")
                .isEqualTo((org.apache.kafka.common.utils.Utils.murmur2("zoë".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)) & 0x7fffffff) % 10_000);
    }

    @Test
    void aCustomerOnTheRampStaysOnItAsTheShareGrows() {
        List<String> customers = IntStream.range(0, 2000).mapToObj(i -> "customer-" + i).toList();
        List<String> previous = List.of();
        for (int points : new int[] {0, 100, 1000, 2500, 5000, 7500, 9999, 10_000}) {
            Ramp ramp = new Ramp(Ramp.Dimension.CUSTOMER, points);
            List<String> admitted = new ArrayList<>();
            customers.stream().filter(c -> ramp.admits(Cohort.ofCustomer(c))).forEach(admitted::add);
            assertThat(admitted).as("at %d basis points", points).containsAll(previous);
            previous = admitted;
        }
        assertThat(previous).as("at 100%% every customer").hasSize(customers.size());
        long atQuarter = customers.stream().filter(c -> new Ramp(Ramp.Dimension.CUSTOMER, 2500)
                .admits(Cohort.ofCustomer(c))).count();
        assertThat(atQuarter).as("about a quarter of 2000 customers").isBetween(400L, 600L);
    }

    @Test
    void anEventWithoutTheDimensionIsNeverRamped() {
        Ramp all = new Ramp(Ramp.Dimension.CUSTOMER, 10_000);
        assertThat(all.admits(Cohort.ofPlan("pro"))).isFalse();
        assertThat(all.admits(Cohort.none())).isFalse();
        assertThat(new Ramp(Ramp.Dimension.PLAN, 10_000).admits(Cohort.ofPlan("pro"))).isTrue();
        assertThat(new Ramp(Ramp.Dimension.PROJECT, 0).admits(Cohort.ofProject("p1"))).isFalse();
    }

    @Test
    void percentagesConvertToBasisPointsAndBack() {
        Ramp ramp = Ramp.ofPercent(Ramp.Dimension.CUSTOMER, new BigDecimal("12.5"));
        assertThat(ramp.basisPoints()).isEqualTo(1250);
        assertThat(ramp.percent()).isEqualByComparingTo("12.5");
        assertThat(Ramp.ofPercent(Ramp.Dimension.PLAN, new BigDecimal("100")).percent().toPlainString())
                .isEqualTo("100");
        assertThat(ramp).hasToString("12.5% of customer values");
    }

    @Test
    void rejectsSharesOutsideZeroToHundredOrFinerThanABasisPointNamingTheValue() {
        assertThatThrownBy(() -> Ramp.ofPercent(Ramp.Dimension.CUSTOMER, new BigDecimal("100.01")))
                .hasMessageContaining("100.01").hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> Ramp.ofPercent(Ramp.Dimension.CUSTOMER, new BigDecimal("-1")))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Ramp.ofPercent(Ramp.Dimension.CUSTOMER, new BigDecimal("0.005")))
                .hasMessageContaining("0.005").hasMessageContaining("two decimals");
        assertThatThrownBy(() -> new Ramp(Ramp.Dimension.CUSTOMER, 10_001)).hasMessageContaining("10001");
        assertThatThrownBy(() -> Ramp.Dimension.parse("team")).hasMessageContaining("'team'")
                .hasMessageContaining("customer, plan or project");
    }
}

package dev.eksrole.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

    @Test
    void saysShortExpiriesInSecondsInsteadOfZeroMinutes() {
        assertThat(HumanDuration.format(Duration.ofSeconds(30))).isEqualTo("30 seconds");
        assertThat(HumanDuration.format(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(HumanDuration.format(Duration.ofMinutes(90))).isEqualTo("1 hour 30 minutes");
        assertThat(HumanDuration.format(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(HumanDuration.format(Duration.ZERO)).isEqualTo("0 seconds");
    }
}

package dev.eksrole.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void percentilesAreNearestRankOverTheSortedValues() {
        Samples samples = Samples.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).boxed().toList());

        assertThat(samples.median()).isEqualTo(50);
        assertThat(samples.p95()).isEqualTo(95);
        assertThat(samples.p99()).isEqualTo(99);
        assertThat(samples.max()).isEqualTo(100);
    }

    @Test
    void fewSamplesGiveTheirLargestAsTheHighPercentiles() {
        Samples samples = Samples.of(List.of(30L, 10L, 20L));

        assertThat(samples.median()).isEqualTo(20);
        assertThat(samples.p95()).isEqualTo(30);
        assertThat(Samples.of(List.of(7L)).p99()).isEqualTo(7);
    }

    @Test
    void nanosecondsPrintAsWholeMilliseconds() {
        assertThat(Samples.millis(1_234_500_000L)).isEqualTo("1,235");
        assertThat(Samples.of(List.of(2_000_000L, 4_000_000L)).medianAndP95Millis()).isEqualTo("2 / 4");
    }

    @Test
    void noSamplesIsNoFigure() {
        assertThatThrownBy(() -> Samples.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

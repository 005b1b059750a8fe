package dev.eksrole.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Measured values of one figure (nanoseconds, bytes, counts), with nearest-rank percentiles. */
public record Samples(List<Long> values) {

    public Samples {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        values = List.copyOf(sorted);
    }

    public static Samples of(List<Long> values) {
        return new Samples(values);
    }

    public int count() {
        return values.size();
    }

    /** The nearest-rank percentile: the smallest value that at least {@code percent}% of the samples do not exceed. */
    public long percentile(double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("a percentile is in (0, 100]: " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * values.size());
        return values.get(Math.max(rank, 1) - 1);
    }

    public long median() {
        return percentile(50);
    }

    public long p95() {
        return percentile(95);
    }

    public long p99() {
        return percentile(99);
    }

    public long max() {
        return values.get(values.size() - 1);
    }

    /** Nanoseconds as milliseconds with no decimals: {@code 1,234}. */
    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,d", Math.round(nanos / 1_000_000.0));
    }

    /** {@code median / p95} in milliseconds. */
    public String medianAndP95Millis() {
        return millis(median()) + " / " + millis(p95());
    }
}

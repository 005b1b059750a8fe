package dev.eksrole.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's answer: each figure beside its baseline from the same run, and their ratio. */
final class ResultTable {

    /** One line: what was measured, eksrole's figure, the baseline's name and figure, the ratio (or blank). */
    record Row(String measurement, String eksrole, String baseline, String ratio) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String measurement, String eksrole, String baseline, String ratio) {
        rows.add(new Row(measurement, eksrole, baseline, ratio));
    }

    void note(String line) {
        notes.add(line);
    }

    static String ratio(double eksrole, double baseline) {
        if (baseline <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", eksrole / baseline);
    }

    String render() {
        String[] header = {"measurement", "eksrole", "baseline (same run)", "ratio"};
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (Row row : rows) {
            String[] cells = {row.measurement(), row.eksrole(), row.baseline(), row.ratio()};
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        String format = "%-" + width[0] + "s | %" + width[1] + "s | %-" + width[2] + "s | %" + width[3] + "s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, format, (Object[]) header));
        out.append("-".repeat(width[0])).append("-+-").append("-".repeat(width[1])).append("-+-")
                .append("-".repeat(width[2])).append("-+-").append("-".repeat(width[3])).append('\n');
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, format, row.measurement(), row.eksrole(), row.baseline(), row.ratio()));
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("  ").append(n).append('\n'));
        }
        return out.toString();
    }
}

package dev.eksrole.cli;

import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.RuleResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The human output of {@code check}: a verdict line, then a table with a next step under each finding. */
public final class ReportTable {

    private ReportTable() {}

    public static String render(AccountReport report, Duration took) {
        List<String[]> rows = new ArrayList<>();
        List<String> nextSteps = new ArrayList<>();
        addFindings(rows, nextSteps, "(account)", report.results());
        for (RoleReport role : report.roles()) {
            if (role.findings().isEmpty()) {
                rows.add(new String[] {role.name(), role.verdict().name(), "-", "all checks pass"});
                nextSteps.add(null);
            }
            addFindings(rows, nextSteps, role.name(), role.results());
        }
        String[] header = {"ROLE", "SEVERITY", "FINDING", "DETAIL"};
        int[] widths = new int[3];
        for (int i = 0; i < 3; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(report.account().label()).append(", ").append(report.account().partition().id())
                .append(": ").append(report.verdict().name()).append('\n').append('\n');
        appendRow(out, header, widths);
        int indent = widths[0] + widths[1] + widths[2] + 6;
        for (int i = 0; i < rows.size(); i++) {
            appendRow(out, rows.get(i), widths);
            if (nextSteps.get(i) != null) {
                out.append(" ".repeat(indent)).append("next: ").append(nextSteps.get(i)).append('\n');
            }
        }
        out.append('\n').append("Checked ").append(report.roles().size()).append(" node role")
                .append(report.roles().size() == 1 ? "" : "s").append(" in ")
                .append(String.format("%.1f s", took.toMillis() / 1000.0)).append('.').append('\n');
        return out.toString();
    }

    /** A row per finding among the results, with its next step; passes have no row of their own. */
    private static void addFindings(List<String[]> rows, List<String> nextSteps, String subject, List<RuleResult> results) {
        for (RuleResult result : results) {
            result.failure().ifPresent(finding -> {
                rows.add(new String[] {subject, finding.severity().name(), finding.code().name(), finding.detail()});
                nextSteps.add(finding.nextStep());
            });
        }
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        for (int i = 0; i < 3; i++) {
            out.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
        }
        out.append(row[3]).append('\n');
    }
}

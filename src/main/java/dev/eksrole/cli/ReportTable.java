package dev.eksrole.cli;

import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.ClusterReport;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.RuleResult;
import dev.eksrole.noderole.Subject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The human output of {@code check}: a verdict line, then a table of the account's and roles' findings
 * with a next step under each, then one of the clusters' findings (or a line saying clusters were not
 * checked, and how to have them checked).
 */
public final class ReportTable {

    static final String CLUSTERS_NOT_CHECKED = "Clusters not checked: no regions are configured for this account. To check why "
            + "nodes will not join its EKS clusters, list the regions in the config: regions: [eu-west-1] (at the top, or "
            + "under the account).";

    private ReportTable() {}

    /** One line of a table: its cells, then lines under it (a next step, a note). */
    private record Row(String[] cells, List<String> below) {}

    public static String render(AccountReport report, Duration took) {
        List<Row> rows = new ArrayList<>();
        addFindings(rows, "(account)", report.results());
        for (RoleReport role : report.roles()) {
            if (role.findings().isEmpty()) {
                rows.add(new Row(new String[] {role.name(), role.verdict().name(), "-", "all checks pass"}, List.of()));
            }
            addFindings(rows, role.name(), role.results());
        }
        StringBuilder out = new StringBuilder();
        out.append(report.account().label()).append(", ").append(report.account().partition().id())
                .append(": ").append(report.verdict().name()).append('\n').append('\n');
        table(out, new String[] {"ROLE", "SEVERITY", "FINDING", "DETAIL"}, rows);
        if (!report.clusters().isEmpty()) {
            out.append('\n');
            table(out, new String[] {"CLUSTER", "SEVERITY", "FINDING", "ROLE", "NODE GROUP", "DETAIL"}, clusterRows(report.clusters()));
        }
        out.append('\n').append("Checked ").append(report.roles().size()).append(" node role")
                .append(report.roles().size() == 1 ? "" : "s");
        List<String> read = report.regionsRead();
        if (!read.isEmpty()) {
            out.append(" and ").append(report.clusters().size()).append(" cluster").append(report.clusters().size() == 1 ? "" : "s")
                    .append(" in ").append(String.join(", ", read));
        }
        out.append(" in ").append(String.format("%.1f s", took.toMillis() / 1000.0)).append('.').append('\n');
        if (!report.regionsNotRead().isEmpty()) {
            // unknown, not absent: "0 clusters" here would read as an all-clear
            out.append("Clusters in ").append(String.join(", ", report.regionsNotRead()))
                    .append(" were not read (see the findings above); nothing is known about them.").append('\n');
        }
        if (report.regions().isEmpty()) {
            out.append(CLUSTERS_NOT_CHECKED).append('\n');
        }
        return out.toString();
    }

    /** A row per finding among the results, with its next step; passes have no row of their own. */
    private static void addFindings(List<Row> rows, String subject, List<RuleResult> results) {
        for (RuleResult result : results) {
            result.failure().ifPresent(finding -> rows.add(new Row(
                    new String[] {subject, finding.severity().name(), finding.code().name(), finding.detail()},
                    List.of("next: " + finding.nextStep()))));
        }
    }

    /**
     * A row per cluster finding, or one saying the cluster passes; in {@code CONFIG_MAP} mode a note per
     * role on how to look at {@code aws-auth}, which the EKS API cannot show.
     */
    private static List<Row> clusterRows(List<ClusterReport> clusters) {
        List<Row> rows = new ArrayList<>();
        for (ClusterReport cluster : clusters) {
            List<String> notes = cluster.results().stream().filter(cluster::isAwsAuthNote)
                    .map(r -> "note: " + ((Subject.Cluster) r.subject()).role() + ": " + r.statement()).toList();
            if (cluster.findings().isEmpty()) {
                rows.add(new Row(new String[] {cluster.label(), cluster.verdict().name(), "-", "-", "-", "all checks pass"}, notes));
            }
            for (RuleResult result : cluster.results()) {
                Subject.Cluster about = (Subject.Cluster) result.subject();
                result.failure().ifPresent(finding -> rows.add(new Row(new String[] {cluster.label(), finding.severity().name(),
                        finding.code().name(), about.role() == null ? "-" : about.role(), about.nodegroup() == null ? "-" : about.nodegroup(),
                        finding.detail()}, List.of("next: " + finding.nextStep()))));
            }
            if (!cluster.findings().isEmpty() && !notes.isEmpty()) {
                rows.add(new Row(null, notes));
            }
        }
        return rows;
    }

    /** The rows under a header, every column but the last padded to its widest cell; lines below a row are indented to the last. */
    private static void table(StringBuilder out, String[] header, List<Row> rows) {
        int columns = header.length - 1;
        int[] widths = new int[columns];
        for (int i = 0; i < columns; i++) {
            widths[i] = header[i].length();
            for (Row row : rows) {
                if (row.cells() != null) {
                    widths[i] = Math.max(widths[i], row.cells()[i].length());
                }
            }
        }
        appendRow(out, header, widths);
        int indent = 0;
        for (int width : widths) {
            indent += width + 2;
        }
        for (Row row : rows) {
            if (row.cells() != null) {
                appendRow(out, row.cells(), widths);
            }
            for (String line : row.below()) {
                out.append(" ".repeat(indent)).append(line).append('\n');
            }
        }
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        for (int i = 0; i < widths.length; i++) {
            out.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
        }
        out.append(row[widths.length]).append('\n');
    }
}

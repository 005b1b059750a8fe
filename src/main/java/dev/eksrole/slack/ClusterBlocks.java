package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.section;
import static dev.eksrole.slack.BlockKitLimits.MAX_SECTION_TEXT;

import com.slack.api.model.block.LayoutBlock;
import dev.eksrole.fix.OfferedFix;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.ClusterFindings;
import dev.eksrole.noderole.ClusterReport;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.RoleArn;
import dev.eksrole.noderole.RuleResult;
import dev.eksrole.noderole.Severity;
import dev.eksrole.noderole.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of one EKS cluster under a check result: what it is, a line per cluster rule's result, and
 * the fixes that act in it. Which fix belongs to a cluster rather than to a role is decided here.
 */
final class ClusterBlocks {

    private ClusterBlocks() {}

    /** Whether a fix is shown under a cluster: it acts in one, or creates a role that only a cluster names. */
    static boolean isClusterFix(FixPlan plan) {
        return switch (plan.kind()) {
            case CREATE_ACCESS_ENTRY, REPLACE_ACCESS_ENTRY, CREATE_CLUSTER_NODE_ROLE -> true;
            case CREATE_ROLE, ATTACH_POLICY, REPLACE_TRUST, DETACH_CNI_POLICY, CREATE_INSTANCE_PROFILE, FIX_ALL -> false;
        };
    }

    /**
     * The fixes shown under this cluster: those that act in it, and the creation of a missing role under the
     * first cluster that names it (one button, however many clusters use the role).
     */
    static List<OfferedFix> fixesOf(ClusterReport cluster, AccountReport report, List<OfferedFix> fixes) {
        List<OfferedFix> shown = new ArrayList<>();
        for (OfferedFix fix : fixes) {
            FixPlan plan = fix.plan();
            if (plan.cluster().filter(cluster.label()::equals).isPresent()) {
                shown.add(fix);
            } else if (plan.kind() == FixKind.CREATE_CLUSTER_NODE_ROLE
                    && report.clusters().stream().filter(c -> namesMissing(c, plan.roleName())).findFirst()
                            .filter(first -> first == cluster).isPresent()) {
                shown.add(fix);
            }
        }
        return shown;
    }

    private static boolean namesMissing(ClusterReport cluster, String roleName) {
        return cluster.findings().stream().anyMatch(f -> f instanceof ClusterFindings.ClusterNodeRoleMissing missing
                && RoleArn.nameOf(missing.roleArn()).equals(roleName));
    }

    /** A divider, then the cluster's line and a line per result: passes with a check mark, findings with their next step. */
    static List<LayoutBlock> blocks(ClusterReport cluster) {
        List<Mrkdwn> parts = new ArrayList<>();
        String mode = cluster.authenticationMode() == null ? "not read"
                : cluster.authenticationMode() + " · Auto Mode " + (Boolean.TRUE.equals(cluster.autoMode()) ? "on" : "off");
        parts.add(Mrkdwn.of("*Cluster {}* · {} · {}", cluster.label(), cluster.verdict().name(), mode));
        for (RuleResult result : cluster.results()) {
            Subject.Cluster about = (Subject.Cluster) result.subject();
            String where = about.nodegroup() != null ? about.nodegroup() + " → " + about.role() + ": "
                    : about.role() != null ? about.role() + ": " : "";
            parts.add(result.failure()
                    .map(finding -> Mrkdwn.of(ResultMessageBuilder.emoji(finding.severity()) + " {}{} · _{}_", where,
                            result.statement(), finding.nextStep()))
                    .orElseGet(() -> Mrkdwn.of(ResultMessageBuilder.emoji(Severity.OK) + " {}{}", where, result.statement())));
        }
        Mrkdwn lines = Mrkdwn.join("\n", parts).fit(MAX_SECTION_TEXT);
        return List.of(divider(), section(s -> s.text(lines.object())));
    }

    /** The summary's line about clusters: how many need attention, where. */
    static Mrkdwn summary(AccountReport report) {
        List<ClusterReport> clusters = report.clusters();
        String regions = String.join(", ", report.regions());
        if (clusters.isEmpty()) {
            return Mrkdwn.of("No EKS cluster in {}.", regions);
        }
        long needing = clusters.stream().filter(c -> c.verdict() != Severity.OK).count();
        return needing == 0
                ? Mrkdwn.of("All {} cluster" + (clusters.size() == 1 ? "" : "s") + " in {} pass.", clusters.size(), regions)
                : Mrkdwn.of("{} of {} cluster" + (clusters.size() == 1 ? "" : "s") + " in {} need" + (needing == 1 ? "s" : "")
                        + " attention.", needing, clusters.size(), regions);
    }
}

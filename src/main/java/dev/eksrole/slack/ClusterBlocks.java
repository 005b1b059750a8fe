package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.section;
import static dev.eksrole.slack.BlockKitLimits.MAX_SECTION_TEXT;

import com.slack.api.model.block.LayoutBlock;
import dev.eksrole.fix.OfferedFix;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.ClusterFindings;
import dev.eksrole.noderole.ClusterReport;
import dev.eksrole.noderole.FindingCode;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.RoleArn;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.RuleResult;
import dev.eksrole.noderole.Severity;
import dev.eksrole.noderole.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /** Sections of one cluster at most: a cluster with more lines than that is cut, saying so (the CLI lists them all). */
    static final int MAX_SECTIONS = 4;

    /**
     * A divider, then the cluster: its region, authentication mode and Auto Mode; the results about the cluster
     * as a whole; then each role in use under the node groups (and Auto Mode) that use it, with a line per
     * cluster rule and one for the role's own checks in IAM. In {@code CONFIG_MAP} mode each role gets the
     * kubectl command that shows {@code aws-auth}, where EKS keeps no record of it.
     */
    static List<LayoutBlock> blocks(ClusterReport cluster, AccountReport report) {
        List<Mrkdwn> lines = new ArrayList<>();
        Map<String, List<RuleResult>> byRole = new LinkedHashMap<>();
        Map<String, List<Mrkdwn>> users = new LinkedHashMap<>();
        for (ClusterReport.NodegroupRole nodegroup : cluster.nodegroups()) {
            users.computeIfAbsent(nodegroup.role(), r -> new ArrayList<>()).add(Mrkdwn.text(nodegroup.name()));
        }
        if (cluster.autoModeRole() != null) {
            users.computeIfAbsent(cluster.autoModeRole(), r -> new ArrayList<>()).add(Mrkdwn.of("Auto Mode"));
        }
        users.keySet().forEach(role -> byRole.put(role, new ArrayList<>()));
        for (RuleResult result : cluster.results()) {
            Subject.Cluster about = (Subject.Cluster) result.subject();
            List<RuleResult> under = about.role() == null ? null : byRole.get(about.role());
            if (under != null) {
                under.add(result);
            } else {
                lines.add(ResultMessageBuilder.line(result, about.role() == null ? "" : about.role() + ": "));
            }
        }
        boolean configMap = "CONFIG_MAP".equals(cluster.authenticationMode());
        for (Map.Entry<String, List<RuleResult>> role : byRole.entrySet()) {
            List<Mrkdwn> used = users.get(role.getKey());
            long groups = cluster.nodegroups().stream().filter(ng -> ng.role().equals(role.getKey())).count();
            Mrkdwn who = Mrkdwn.join(", ", used);
            Optional<RoleReport> inIam = report.roles().stream().filter(r -> r.name().equals(role.getKey())).findFirst();
            Severity verdict = Severity.worstOf(java.util.stream.Stream.concat(role.getValue().stream().map(RuleResult::severity),
                    inIam.map(RoleReport::verdict).stream()).toList());
            lines.add(Mrkdwn.of((groups == 0 ? "*{}" : groups == 1 ? "*Node group {}" : "*Node groups {}") + " → {}* · {}",
                    who, role.getKey(), verdict.name()));
            java.util.Set<Mrkdwn> said = new java.util.LinkedHashSet<>();
            for (RuleResult result : role.getValue()) {
                if (cluster.isAwsAuthNote(result)) {
                    continue; // said below, with the command in code
                }
                said.add(ResultMessageBuilder.line(result, "")); // once per role, however many of its node groups a rule looked at
            }
            lines.addAll(said);
            inIam.ifPresent(iam -> lines.add(iamLine(iam)));
            if (configMap) {
                String arn = inIam.map(RoleReport::arn).orElse(role.getKey());
                lines.add(Mrkdwn.of(":information_source: CONFIG_MAP mode: only aws-auth maps this role, and the EKS API cannot show it. "
                        + "Read it with {} and look for {}", Mrkdwn.code(ClusterFindings.AwsAuth.COMMAND),
                        Mrkdwn.code("rolearn: " + ClusterFindings.AwsAuth.rolearn(arn))));
            }
        }
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(divider());
        List<Mrkdwn> texts = SectionTexts.lines(heading(cluster), lines, MAX_SECTION_TEXT);
        for (int i = 0; i < Math.min(texts.size(), MAX_SECTIONS); i++) {
            Mrkdwn shown = i == MAX_SECTIONS - 1 && texts.size() > MAX_SECTIONS
                    ? texts.get(i).plus(Mrkdwn.of("\n… more lines than a message holds for one cluster; `eksrole check` in a terminal "
                            + "lists them all.")).fit(MAX_SECTION_TEXT)
                    : texts.get(i);
            blocks.add(section(s -> s.text(shown.object())));
        }
        return blocks;
    }

    /** {@code *Cluster eu-west-1/prod* · NEEDS_FIX · API · Auto Mode off}: where it is and how it lets nodes in. */
    private static Mrkdwn heading(ClusterReport cluster) {
        String mode = cluster.authenticationMode() == null ? "not read"
                : cluster.authenticationMode() + " · Auto Mode " + (Boolean.TRUE.equals(cluster.autoMode()) ? "on" : "off");
        return Mrkdwn.of("*Cluster {}* · {} · {}\n", cluster.label(), cluster.verdict().name(), mode);
    }

    /** The role's own checks (rules 3-7) in one line: their fixes sit under the role itself, not under each cluster. */
    private static Mrkdwn iamLine(RoleReport role) {
        if (role.findings().isEmpty()) {
            return Mrkdwn.of(ResultMessageBuilder.emoji(Severity.OK) + " In IAM: the role passes every node role check");
        }
        String codes = role.findings().stream().map(f -> f.code().name() + (f.code() == FindingCode.MISSING_POLICY ? " " + f.detail() : ""))
                .distinct().collect(Collectors.joining(", "));
        return Mrkdwn.of(ResultMessageBuilder.emoji(role.verdict()) + " In IAM: {} · _see the node role {} for the fix_", codes, role.name());
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
                ? (clusters.size() == 1 ? Mrkdwn.of("The one cluster in {} passes.", regions)
                        : Mrkdwn.of("All {} clusters in {} pass.", clusters.size(), regions))
                : Mrkdwn.of("{} of {} cluster" + (clusters.size() == 1 ? "" : "s") + " in {} need" + (needing == 1 ? "s" : "")
                        + " attention.", needing, clusters.size(), regions);
    }
}

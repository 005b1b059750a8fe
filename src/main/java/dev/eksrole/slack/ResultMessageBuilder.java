package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static dev.eksrole.slack.BlockKitLimits.MAX_BLOCKS;
import static dev.eksrole.slack.BlockKitLimits.MAX_SECTION_TEXT;
import static dev.eksrole.slack.BlockKitLimits.codeBlock;
import static dev.eksrole.slack.BlockKitLimits.escape;
import static dev.eksrole.slack.BlockKitLimits.fit;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.eksrole.fix.OfferedFix;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.ClusterReport;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.RuleResult;
import dev.eksrole.noderole.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The check result in Block Kit: a header with the verdict, the account's own findings, one group of
 * blocks per node role with a line per rule's result, and a context line. Roles that do not fit Slack's
 * 50-block limit go into thread replies, worst roles first in the main message.
 */
public final class ResultMessageBuilder {

    /** Who asked, when, and how long the check took, for the context line. */
    public record CheckContext(String requesterId, Instant at, Duration took) {}

    public SlackMessage build(AccountReport report, CheckContext context) {
        return build(report, context, List.of());
    }

    /** The result with a Fix button per offered plan: account-wide ones under the summary, the others under their role. */
    public SlackMessage build(AccountReport report, CheckContext context, List<OfferedFix> fixes) {
        List<LayoutBlock> head = new ArrayList<>();
        head.add(header(h -> h.text(plainText(fit(emoji(report.verdict()) + " " + report.verdict().name() + " · "
                + report.account().label(), BlockKitLimits.MAX_HEADER_TEXT), true))));
        head.add(section(s -> s.text(summary(report).fit(MAX_SECTION_TEXT).object())));
        for (RuleResult result : report.results()) {
            // the account's passes are what the summary says; its findings are shown each with its next step
            result.failure().ifPresent(finding -> head.addAll(accountFinding(result, finding, report.account().partition())));
        }
        List<OfferedFix> accountFixes = fixes.stream().filter(f -> f.plan().roleName() == null).toList();
        if (!accountFixes.isEmpty()) {
            head.add(fixButtons(accountFixes));
        }
        LayoutBlock contextLine = context(c -> c.elements(List.of(contextText(context, report).fit(BlockKitLimits.MAX_CONTEXT_TEXT).object())));

        List<List<LayoutBlock>> roleGroups = report.roles().stream()
                .sorted(Comparator.comparing(RoleReport::verdict).reversed().thenComparing(RoleReport::name))
                .map(role -> {
                    List<LayoutBlock> group = new ArrayList<>(roleBlocks(role));
                    List<OfferedFix> roleFixes = fixes.stream()
                            .filter(f -> role.name().equals(f.plan().roleName()) && !ClusterBlocks.isClusterFix(f.plan())).toList();
                    if (!roleFixes.isEmpty()) {
                        group.add(fixButtons(roleFixes));
                    }
                    return group;
                })
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        int roleCount = roleGroups.size();
        for (ClusterReport cluster : report.clusters()) {
            List<LayoutBlock> group = new ArrayList<>(ClusterBlocks.blocks(cluster, report));
            List<OfferedFix> clusterFixes = ClusterBlocks.fixesOf(cluster, report, fixes);
            if (!clusterFixes.isEmpty()) {
                group.add(fixButtons(clusterFixes));
            }
            roleGroups.add(group);
        }

        // header, account findings, role groups that fit, a pointer to the thread, and the context line
        int budget = MAX_BLOCKS - head.size() - 2;
        List<LayoutBlock> main = new ArrayList<>(head);
        int shown = 0;
        for (List<LayoutBlock> group : roleGroups) {
            if (group.size() > budget) {
                break;
            }
            main.addAll(group);
            budget -= group.size();
            shown++;
        }
        List<SlackMessage> thread = new ArrayList<>();
        if (shown < roleGroups.size()) {
            int rest = roleGroups.size() - shown;
            String what = shown >= roleCount ? (rest == 1 ? "cluster" : "clusters")
                    : report.clusters().isEmpty() ? (rest == 1 ? "node role" : "node roles")
                    : (rest == 1 ? "node role or cluster" : "node roles or clusters");
            main.add(section(s -> s.text(Mrkdwn.of(":thread: {} more " + what + " in the thread.", rest).object())));
            List<LayoutBlock> reply = new ArrayList<>();
            for (List<LayoutBlock> group : roleGroups.subList(shown, roleGroups.size())) {
                if (reply.size() + group.size() > MAX_BLOCKS) {
                    thread.add(new SlackMessage(threadText(report), reply));
                    reply = new ArrayList<>();
                }
                reply.addAll(group);
            }
            thread.add(new SlackMessage(threadText(report), reply));
        }
        main.add(contextLine);
        return new SlackMessage(fallbackText(report), main, thread);
    }

    /** Fix buttons carry only the plan's id; the plan is read back from the store when pressed. */
    private static LayoutBlock fixButtons(List<OfferedFix> fixes) {
        List<BlockElement> buttons = new ArrayList<>();
        for (OfferedFix fix : fixes.subList(0, Math.min(fixes.size(), 25))) {
            buttons.add(button(b -> b.actionId(SlackIds.actionId(SlackIds.FIX, fix.planId())).value(fix.planId())
                    .text(plainText(fit(buttonLabel(fix.plan()), 75)))
                    .style(fix.plan().kind() == FixKind.FIX_ALL ? "primary" : null)));
        }
        return actions(buttons);
    }

    /** Short: a role's buttons sit under the role, so they need not name it. */
    static String buttonLabel(FixPlan plan) {
        return switch (plan.kind()) {
            case CREATE_ROLE -> "Fix… create " + plan.steps().get(0).roleName();
            case ATTACH_POLICY -> "Fix… attach " + plan.policyArn().substring(plan.policyArn().lastIndexOf('/') + 1);
            case REPLACE_TRUST -> "Fix… replace the trust";
            case DETACH_CNI_POLICY -> "Fix… detach AmazonEKS_CNI_Policy";
            case CREATE_INSTANCE_PROFILE -> "Fix… create the instance profile";
            case CREATE_CLUSTER_NODE_ROLE -> "Fix… create " + plan.roleName();
            case CREATE_ACCESS_ENTRY -> "Fix… create the access entry in " + plan.cluster().orElse("");
            case REPLACE_ACCESS_ENTRY -> "Fix… replace the access entry in " + plan.cluster().orElse("");
            case FIX_ALL -> "Fix all (" + plan.steps().size() + " IAM calls)";
        };
    }

    static String emoji(Severity severity) {
        return switch (severity) {
            case OK -> ":white_check_mark:";
            case WARNING -> ":warning:";
            case NEEDS_FIX -> ":x:";
            case UNKNOWN -> ":grey_question:";
        };
    }

    static String fallbackText(AccountReport report) {
        return report.verdict().name() + ": EKS node role check of " + report.account().label() + " in " + report.account().partition().id();
    }

    private static String threadText(AccountReport report) {
        return "More node roles of " + report.account().label();
    }

    private static Mrkdwn summary(AccountReport report) {
        Mrkdwn where = Mrkdwn.of("*Account* {} · {} · {}", report.account().name(), Mrkdwn.code(report.account().id()),
                report.account().partition().id());
        if (!report.findings().isEmpty()) {
            return where;
        }
        long needing = report.roles().stream().filter(r -> r.verdict() != Severity.OK).count();
        int total = report.roles().size();
        Mrkdwn roles = needing == 0
                ? (total == 1 ? Mrkdwn.of("The node role passes every check.") : Mrkdwn.of("All {} node roles pass every check.", total))
                : Mrkdwn.of("{} of {} node role" + (total == 1 ? "" : "s") + " need" + (needing == 1 ? "s" : "") + " attention.",
                        needing, total);
        return report.regions().isEmpty() ? Mrkdwn.of("{}\n{}", where, roles)
                : Mrkdwn.of("{}\n{}\n{}", where, roles, ClusterBlocks.summary(report));
    }

    private static List<LayoutBlock> accountFinding(RuleResult result, Finding finding, Partition partition) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String text = emoji(finding.severity()) + " *" + finding.code().name() + "* " + escape(result.statement())
                + "\n*Next:* " + escape(finding.nextStep());
        blocks.add(section(s -> s.text(markdownText(fit(text, MAX_SECTION_TEXT)))));
        accessRoleTrust(finding, partition).ifPresent(trust -> blocks.add(section(s -> s.text(markdownText(
                "The access role's trust policy must include:\n" + codeBlock(trust, MAX_SECTION_TEXT - 60))))));
        return blocks;
    }

    /** The trust the account's access role needs, for a finding that blames the account for refusing eksrole. */
    private static Optional<String> accessRoleTrust(Finding finding, Partition partition) {
        return switch (finding.code()) {
            case ASSUME_ROLE_FAILED -> {
                Finding.AssumeRoleFailed failed = (Finding.AssumeRoleFailed) finding;
                // only a refusal by the account's own role calls for its trust; hub-side failures are not its fault
                yield failed.blamesTheAccount()
                        ? Optional.of(AccessTrust.json(partition, failed.hubPrincipal(), failed.externalId()))
                        : Optional.empty();
            }
            case IAM_READ_FAILED, READING_INCONSISTENT, NO_NODE_ROLE, MISSING_POLICY, CNI_POLICY_ON_NODE_ROLE,
                    TRUST_DOES_NOT_ALLOW_EC2, TRUST_NOT_EXACT, NO_INSTANCE_PROFILE, EKS_READ_FAILED, CLUSTER_NODE_ROLE_MISSING,
                    NODE_ROLE_NOT_MAPPED, NODE_ROLE_MAPPING_UNVERIFIED, ACCESS_ENTRY_WRONG_TYPE, NODE_ROLE_IS_CLUSTER_ROLE,
                    NODEGROUP_HEALTH_ISSUE -> Optional.empty();
        };
    }

    /** The blocks of one node role: its name and ARN, then a line per rule's result, then any trust at fault. */
    List<LayoutBlock> roleBlocks(RoleReport role) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(divider());
        List<Mrkdwn> parts = new ArrayList<>();
        parts.add(Mrkdwn.of("*{}* · {}\n{}", role.name(), role.verdict().name(), Mrkdwn.code(role.arn())));
        role.results().forEach(result -> parts.add(line(result, "")));
        Mrkdwn lines = Mrkdwn.join("\n", parts).fit(MAX_SECTION_TEXT);
        blocks.add(section(s -> s.text(lines.object())));
        for (Finding finding : role.findings()) {
            trustAtFault(finding).filter(offending -> !offending.isBlank()).ifPresent(offending -> {
                Mrkdwn shown = Mrkdwn.of("Trust at fault:\n{}", Mrkdwn.trusted(codeBlock(offending, MAX_SECTION_TEXT - 20)));
                blocks.add(section(s -> s.text(shown.object())));
            });
        }
        return blocks;
    }

    /** The part of a role's trust that a trust finding blames, to show under the role. */
    private static Optional<String> trustAtFault(Finding finding) {
        return switch (finding.code()) {
            case TRUST_DOES_NOT_ALLOW_EC2 -> Optional.ofNullable(((Finding.TrustDoesNotAllowEc2) finding).offending());
            case TRUST_NOT_EXACT -> Optional.ofNullable(((Finding.TrustNotExact) finding).offending());
            case ASSUME_ROLE_FAILED, IAM_READ_FAILED, READING_INCONSISTENT, NO_NODE_ROLE, MISSING_POLICY,
                    CNI_POLICY_ON_NODE_ROLE, NO_INSTANCE_PROFILE, EKS_READ_FAILED, CLUSTER_NODE_ROLE_MISSING, NODE_ROLE_NOT_MAPPED,
                    NODE_ROLE_MAPPING_UNVERIFIED, ACCESS_ENTRY_WRONG_TYPE, NODE_ROLE_IS_CLUSTER_ROLE, NODEGROUP_HEALTH_ISSUE -> Optional.empty();
        };
    }

    /** A result's line: its mark, {@code where} ("" or "role: "), its statement, and for a finding the next step. */
    static Mrkdwn line(RuleResult result, String where) {
        return result.failure()
                .map(finding -> Mrkdwn.of(emoji(finding.severity()) + " {}{} · _{}_", where, result.statement(), finding.nextStep()))
                .orElseGet(() -> Mrkdwn.of(emoji(Severity.OK) + " {}{}", where, result.statement()));
    }

    /** Who asked, when, how long it took; and where no region is configured, that clusters were not checked and how to have them. */
    private static Mrkdwn contextText(CheckContext context, AccountReport report) {
        Mrkdwn text = Mrkdwn.of("Asked by {} · {} · took {}", Mrkdwn.user(context.requesterId()), Mrkdwn.date(context.at()),
                String.format(Locale.ROOT, "%.1f s", context.took().toMillis() / 1000.0));
        return report.regions().isEmpty()
                ? text.plus(Mrkdwn.of(" · clusters not checked: list their regions in the config (regions: [eu-west-1])"))
                : text;
    }
}

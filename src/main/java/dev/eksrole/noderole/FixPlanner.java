package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a check result into the fixes AWS's procedure describes: create the role, attach a missing
 * policy, replace the trust, detach the CNI policy (only when an aws-node role already carries it).
 */
public final class FixPlanner {

    public static final String ROLE_DESCRIPTION = "Amazon EKS - Node Group Role";

    /**
     * @param createName the name of a role the create fix makes
     * @param ecrPolicy the ECR policy fixes attach: ReadOnly as documented, or PullOnly
     */
    public record Settings(String createName, ManagedPolicy ecrPolicy, Map<String, String> tags) {
        public Settings {
            requireNonNull(createName, "createName");
            requireNonNull(ecrPolicy, "ecrPolicy");
            tags = Map.copyOf(tags);
        }
    }

    private final Settings settings;

    public FixPlanner(Settings settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    /**
     * One plan per fixable finding, and a "fix all" plan when two or more of them go together. Fix all
     * never detaches the CNI policy: whether that is safe depends on other roles that the same plan may
     * change, so each detach stays a plan of its own, re-judged on a fresh check when approved.
     */
    public List<FixPlan> offers(AccountReport report) {
        List<FixPlan> plans = new ArrayList<>(individual(report));
        long together = plans.stream().filter(p -> p.kind() != FixKind.DETACH_CNI_POLICY).count();
        if (together > 1) {
            fixAll(report, plans).ifPresent(plans::add);
        }
        return plans;
    }

    /**
     * The plan a fresh check gives for the same purpose, if it still needs one. For a batch of a fix-all
     * plan, that is what a fresh fix-all asks for the batch's roles, as the same batch.
     */
    public Optional<FixPlan> replan(FixPlan original, AccountReport fresh) {
        List<FixPlan> plans = individual(fresh);
        if (original.kind() == FixKind.FIX_ALL) {
            Optional<FixPlan> all = fixAll(fresh, plans);
            if (original.batch() == null || all.isEmpty()) {
                return all;
            }
            Set<String> roles = original.steps().stream().map(PlanStep::roleName).collect(Collectors.toSet());
            List<PlanStep> steps = all.get().steps().stream().filter(step -> roles.contains(step.roleName())).toList();
            return steps.isEmpty() ? Optional.empty() : Optional.of(all.get().batch(steps, original.batch()));
        }
        return plans.stream().filter(p -> p.key().equals(original.key())).findFirst();
    }

    private static Optional<FixPlan> fixAll(AccountReport report, List<FixPlan> plans) {
        List<PlanStep> all = new ArrayList<>();
        plans.stream().filter(p -> p.kind() != FixKind.DETACH_CNI_POLICY).forEach(p -> all.addAll(p.steps()));
        return all.isEmpty() ? Optional.empty() : Optional.of(new FixPlan(FixKind.FIX_ALL, report.account().id(),
                report.account().partition(), null, null, all));
    }

    private List<FixPlan> individual(AccountReport report) {
        List<FixPlan> plans = new ArrayList<>();
        for (Finding finding : report.findings()) {
            planFor(finding, report.account(), null).ifPresent(plans::add);
        }
        for (RoleReport role : report.roles()) {
            for (Finding finding : role.findings()) {
                planFor(finding, report.account(), role).ifPresent(plans::add);
            }
        }
        return plans;
    }

    /**
     * The fix of one finding, if it has one.
     *
     * @param role the role the finding is about, or {@code null} for a finding of the account's own
     */
    private Optional<FixPlan> planFor(Finding finding, Account account, RoleReport role) {
        return switch (finding.code()) {
            // nothing is known about the account's roles, so nothing can be fixed
            case ASSUME_ROLE_FAILED, IAM_READ_FAILED, READING_INCONSISTENT -> Optional.empty();
            case NO_NODE_ROLE -> Optional.of(createRole(account));
            case MISSING_POLICY -> Optional.of(attach(account, role, ((Finding.MissingPolicy) finding).policy()));
            case TRUST_DOES_NOT_ALLOW_EC2, TRUST_NOT_EXACT -> Optional.of(replaceTrust(account, role));
            case CNI_POLICY_ON_NODE_ROLE -> ((Finding.CniPolicyOnNodeRole) finding).safeToDetach()
                    ? Optional.of(detachCni(account, role))
                    : Optional.empty();
        };
    }

    private FixPlan createRole(Account account) {
        String name = settings.createName();
        Partition partition = account.partition();
        return new FixPlan(FixKind.CREATE_ROLE, account.id(), partition, null, null, List.of(
                new PlanStep.CreateRole(name, ROLE_DESCRIPTION, TrustPolicy.documentedJson(partition), settings.tags()),
                new PlanStep.AttachPolicy(name, ManagedPolicy.WORKER_NODE.arn(partition)),
                new PlanStep.AttachPolicy(name, ecrPolicyFor(ManagedPolicy.ECR_READ_ONLY).arn(partition))));
    }

    private FixPlan attach(Account account, RoleReport role, ManagedPolicy missing) {
        String arn = ecrPolicyFor(missing).arn(account.partition());
        return new FixPlan(FixKind.ATTACH_POLICY, account.id(), account.partition(), role.name(), arn,
                List.of(new PlanStep.AttachPolicy(role.name(), arn)));
    }

    private static FixPlan replaceTrust(Account account, RoleReport role) {
        return new FixPlan(FixKind.REPLACE_TRUST, account.id(), account.partition(), role.name(), null,
                List.of(new PlanStep.ReplaceTrust(role.name(), TrustPolicy.documentedJson(account.partition()), role.trustDocument())));
    }

    private static FixPlan detachCni(Account account, RoleReport role) {
        String arn = ManagedPolicy.CNI.arn(account.partition());
        return new FixPlan(FixKind.DETACH_CNI_POLICY, account.id(), account.partition(), role.name(), arn,
                List.of(new PlanStep.DetachPolicy(role.name(), arn)));
    }

    /** A missing ECR policy is fixed with the configured one. */
    private ManagedPolicy ecrPolicyFor(ManagedPolicy missing) {
        return missing == ManagedPolicy.ECR_READ_ONLY ? settings.ecrPolicy() : missing;
    }
}

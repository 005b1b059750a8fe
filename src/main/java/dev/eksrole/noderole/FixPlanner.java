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
        String accountId = report.account().id();
        Partition partition = report.account().partition();
        List<FixPlan> plans = new ArrayList<>();
        for (Finding finding : report.findings()) {
            if (finding instanceof Finding.NoNodeRole) {
                String name = settings.createName();
                plans.add(new FixPlan(FixKind.CREATE_ROLE, accountId, partition, null, null, List.of(
                        new PlanStep.CreateRole(name, ROLE_DESCRIPTION, TrustPolicy.documentedJson(partition), settings.tags()),
                        new PlanStep.AttachPolicy(name, ManagedPolicy.WORKER_NODE.arn(partition)),
                        new PlanStep.AttachPolicy(name, ecrPolicyFor(ManagedPolicy.ECR_READ_ONLY).arn(partition)))));
            }
        }
        for (RoleReport role : report.roles()) {
            for (Finding finding : role.findings()) {
                planFor(finding, role, accountId, partition).ifPresent(plans::add);
            }
        }
        return plans;
    }

    private Optional<FixPlan> planFor(Finding finding, RoleReport role, String accountId, Partition partition) {
        String name = role.name();
        if (finding instanceof Finding.MissingPolicy missing) {
            String arn = ecrPolicyFor(missing.policy()).arn(partition);
            return Optional.of(new FixPlan(FixKind.ATTACH_POLICY, accountId, partition, name, arn,
                    List.of(new PlanStep.AttachPolicy(name, arn))));
        }
        if (finding instanceof Finding.TrustDoesNotAllowEc2 || finding instanceof Finding.TrustNotExact) {
            return Optional.of(new FixPlan(FixKind.REPLACE_TRUST, accountId, partition, name, null,
                    List.of(new PlanStep.ReplaceTrust(name, TrustPolicy.documentedJson(partition), role.trustDocument()))));
        }
        if (finding instanceof Finding.CniPolicyOnNodeRole cni && cni.safeToDetach()) {
            String arn = ManagedPolicy.CNI.arn(partition);
            return Optional.of(new FixPlan(FixKind.DETACH_CNI_POLICY, accountId, partition, name, arn,
                    List.of(new PlanStep.DetachPolicy(name, arn))));
        }
        return Optional.empty();
    }

    /** A missing ECR policy is fixed with the configured one. */
    private ManagedPolicy ecrPolicyFor(ManagedPolicy missing) {
        return missing == ManagedPolicy.ECR_READ_ONLY ? settings.ecrPolicy() : missing;
    }
}

package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a check result into the fixes AWS's procedure describes: create the role, attach a missing
 * policy, replace the trust, detach the CNI policy (only when an aws-node role already carries it),
 * create a role's instance profile, create the role a cluster uses but that does not exist, create a
 * missing access entry, replace one of the wrong type. Rules 11 and 12 get no fix: their next step says
 * what to do.
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
        long together = plans.stream().filter(FixPlanner::inFixAll).count();
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

    /**
     * Fix all leaves out what deserves a decision of its own: a CNI detach (see {@link #offers}) and an access
     * entry replacement, which deletes an entry and with it its username, groups and access policies.
     */
    static boolean inFixAll(FixPlan plan) {
        return plan.kind() != FixKind.DETACH_CNI_POLICY && plan.kind() != FixKind.REPLACE_ACCESS_ENTRY;
    }

    private static Optional<FixPlan> fixAll(AccountReport report, List<FixPlan> plans) {
        List<PlanStep> all = new ArrayList<>();
        plans.stream().filter(FixPlanner::inFixAll).forEach(p -> all.addAll(p.steps()));
        return all.isEmpty() ? Optional.empty() : Optional.of(new FixPlan(FixKind.FIX_ALL, report.account().id(),
                report.account().partition(), null, null, all));
    }

    private List<FixPlan> individual(AccountReport report) {
        // one plan per purpose: a role many node groups use is created once
        Map<String, FixPlan> plans = new LinkedHashMap<>();
        for (Finding finding : report.findings()) {
            planFor(finding, report, null, null).ifPresent(p -> plans.putIfAbsent(p.key(), p));
        }
        for (RoleReport role : report.roles()) {
            for (Finding finding : role.findings()) {
                planFor(finding, report, role, null).ifPresent(p -> plans.putIfAbsent(p.key(), p));
            }
        }
        for (ClusterReport cluster : report.clusters()) {
            for (Finding finding : cluster.findings()) {
                planFor(finding, report, null, cluster).ifPresent(p -> plans.putIfAbsent(p.key(), p));
            }
        }
        return List.copyOf(plans.values());
    }

    /**
     * The fix of one finding, if it has one.
     *
     * @param role the role the finding is about, or {@code null}
     * @param cluster the cluster the finding is about, or {@code null}
     */
    private Optional<FixPlan> planFor(Finding finding, AccountReport report, RoleReport role, ClusterReport cluster) {
        Account account = report.account();
        return switch (finding.code()) {
            // nothing is known about the account's roles, so nothing can be fixed
            case ASSUME_ROLE_FAILED, IAM_READ_FAILED, READING_INCONSISTENT, EKS_READ_FAILED -> Optional.empty();
            case NO_NODE_ROLE -> Optional.of(createRole(account));
            case MISSING_POLICY -> Optional.of(attach(account, role, ((Finding.MissingPolicy) finding).policy()));
            case TRUST_DOES_NOT_ALLOW_EC2, TRUST_NOT_EXACT -> Optional.of(replaceTrust(account, role));
            case CNI_POLICY_ON_NODE_ROLE -> ((Finding.CniPolicyOnNodeRole) finding).safeToDetach()
                    ? Optional.of(detachCni(account, role))
                    : Optional.empty();
            case NO_INSTANCE_PROFILE -> Optional.of(createInstanceProfile(account, role));
            case CLUSTER_NODE_ROLE_MISSING -> createClusterNodeRole(report, ((ClusterFindings.ClusterNodeRoleMissing) finding).roleArn());
            case NODE_ROLE_NOT_MAPPED -> {
                ClusterFindings.NodeRoleNotMapped missing = (ClusterFindings.NodeRoleNotMapped) finding;
                yield Optional.of(createAccessEntry(account, cluster, missing.roleArn(), missing.entryType()));
            }
            // an entry created beside an aws-auth mapping wins over it and maps the node the same way, so it is safe
            case NODE_ROLE_MAPPING_UNVERIFIED -> {
                ClusterFindings.NodeRoleMappingUnverified unverified = (ClusterFindings.NodeRoleMappingUnverified) finding;
                yield Optional.of(createAccessEntry(account, cluster, unverified.roleArn(), unverified.entryType()));
            }
            case ACCESS_ENTRY_WRONG_TYPE -> Optional.of(replaceAccessEntry(account, cluster, (ClusterFindings.AccessEntryWrongType) finding));
            // the node role cannot be swapped in place, and EKS's own word needs a person: the next step says what to do
            case NODE_ROLE_IS_CLUSTER_ROLE, NODEGROUP_HEALTH_ISSUE -> Optional.empty();
        };
    }

    /** The role and, as the console makes it for an EC2 role, its instance profile. */
    private FixPlan createRole(Account account) {
        String name = settings.createName();
        Partition partition = account.partition();
        return new FixPlan(FixKind.CREATE_ROLE, account.id(), partition, null, null, nodeRoleSteps(name, "/", false, partition));
    }

    /**
     * A node role with the documented trust, the policies its use needs (Auto Mode's when only Auto Mode uses it)
     * and its instance profile.
     */
    private List<PlanStep> nodeRoleSteps(String name, String path, boolean autoModeOnly, Partition partition) {
        List<PlanStep> steps = new ArrayList<>();
        steps.add(new PlanStep.CreateRole(name, ROLE_DESCRIPTION, TrustPolicy.documentedJson(partition), settings.tags(), path));
        steps.add(new PlanStep.AttachPolicy(name, (autoModeOnly ? ManagedPolicy.WORKER_NODE_MINIMAL : ManagedPolicy.WORKER_NODE).arn(partition)));
        steps.add(new PlanStep.AttachPolicy(name, (autoModeOnly ? ManagedPolicy.ECR_PULL_ONLY : ecrPolicyFor(ManagedPolicy.ECR_READ_ONLY))
                .arn(partition)));
        steps.addAll(instanceProfileSteps(name));
        return steps;
    }

    private static List<PlanStep> instanceProfileSteps(String roleName) {
        return List.of(new PlanStep.CreateInstanceProfile(roleName, roleName, "/"), new PlanStep.AddRoleToInstanceProfile(roleName, roleName));
    }

    private static FixPlan createInstanceProfile(Account account, RoleReport role) {
        return new FixPlan(FixKind.CREATE_INSTANCE_PROFILE, account.id(), account.partition(), role.name(), null,
                instanceProfileSteps(role.name()));
    }

    /**
     * The role a cluster uses, under the name and path of its ARN, with Auto Mode's policies when only Auto Mode
     * uses it. None for an ARN of another account, which no write here could create.
     */
    private Optional<FixPlan> createClusterNodeRole(AccountReport report, String roleArn) {
        Optional<RoleArn> arn = RoleArn.parse(roleArn).filter(a -> a.isIn(report.account()));
        if (arn.isEmpty()) {
            return Optional.empty();
        }
        String key = RoleArn.key(roleArn);
        boolean autoModeOnly = report.clusters().stream().flatMap(c -> c.findings().stream())
                .filter(f -> f instanceof ClusterFindings.ClusterNodeRoleMissing missing && RoleArn.key(missing.roleArn()).equals(key))
                .allMatch(f -> ((ClusterFindings.ClusterNodeRoleMissing) f).autoMode());
        Partition partition = report.account().partition();
        String name = arn.get().name();
        return Optional.of(new FixPlan(FixKind.CREATE_CLUSTER_NODE_ROLE, report.account().id(), partition, name, null,
                nodeRoleSteps(name, arn.get().path(), autoModeOnly, partition)));
    }

    private static FixPlan createAccessEntry(Account account, ClusterReport cluster, String roleArn, String type) {
        String name = RoleArn.nameOf(roleArn);
        return new FixPlan(FixKind.CREATE_ACCESS_ENTRY, account.id(), account.partition(), name, null,
                List.of(new PlanStep.CreateAccessEntry(name, cluster.region(), cluster.name(), roleArn, type)));
    }

    /** Two calls: EKS changes no entry's type in place. The delete carries what goes with the old entry. */
    private static FixPlan replaceAccessEntry(Account account, ClusterReport cluster, ClusterFindings.AccessEntryWrongType wrong) {
        ClusterFacts.AccessEntry entry = wrong.entry();
        String name = RoleArn.nameOf(entry.principalArn());
        return new FixPlan(FixKind.REPLACE_ACCESS_ENTRY, account.id(), account.partition(), name, null, List.of(
                new PlanStep.DeleteAccessEntry(name, cluster.region(), cluster.name(), entry.principalArn(), entry.type(), entry.username(),
                        entry.kubernetesGroups(), entry.policies().stream().map(ClusterFacts.AccessPolicy::describe).toList()),
                new PlanStep.CreateAccessEntry(name, cluster.region(), cluster.name(), entry.principalArn(), wrong.entryType())));
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

package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.testing.Domain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules 7-12 and their fixes over plain facts: what the clusters say, what IAM says about the roles they use. */
class ClusterRulesTest {

    private static final Account PROD = new Account("111111111111", "prod", Partition.AWS,
            "arn:aws:iam::111111111111:role/EksRoleAccess", "x", null, List.of("eu-west-1"));
    private static final String TRUST = TrustPolicy.documentedJson(Partition.AWS);
    private static final String WORKER = ManagedPolicy.WORKER_NODE.arn(Partition.AWS);
    private static final String MINIMAL = ManagedPolicy.WORKER_NODE_MINIMAL.arn(Partition.AWS);
    private static final String ECR = ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS);
    private static final String PULL = ManagedPolicy.ECR_PULL_ONLY.arn(Partition.AWS);
    private static final String CLUSTER_ROLE = arn("cluster-role");

    private static String arn(String name) {
        return "arn:aws:iam::111111111111:role/" + name;
    }

    private static NodeRole role(String name, RoleUse use, List<String> profiles, String... policies) {
        return new NodeRole(new IamRole(name, arn(name), "/", TRUST), List.of(policies), use,
                new InstanceProfiles.Listed(profiles));
    }

    private static final RoleUse MANAGED = new RoleUse(false, true, false);
    private static final RoleUse AUTO = new RoleUse(false, false, true);

    private static ClusterFacts.Nodegroup nodegroup(String name, String roleArn, String amiType, ClusterFacts.HealthIssue... issues) {
        return new ClusterFacts.Nodegroup(name, roleArn, amiType, issues.length == 0 ? "ACTIVE" : "DEGRADED", List.of(issues));
    }

    private static ClusterFacts cluster(String name, ClusterFacts.AuthenticationMode mode, String autoModeRole,
            List<ClusterFacts.Nodegroup> nodegroups, ClusterFacts.AccessEntry... entries) {
        Set<String> principals = new java.util.HashSet<>();
        Map<String, ClusterFacts.AccessEntry> described = new java.util.HashMap<>();
        for (ClusterFacts.AccessEntry entry : entries) {
            principals.add(RoleArn.key(entry.principalArn()));
            described.put(RoleArn.key(entry.principalArn()), entry);
        }
        return new ClusterFacts("eu-west-1", name, new ClusterFacts.Description(name, CLUSTER_ROLE, mode, autoModeRole != null,
                autoModeRole), nodegroups, principals, described, null);
    }

    private static ClusterFacts.AccessEntry entry(String role, String type) {
        return new ClusterFacts.AccessEntry(arn(role), type, "u", List.of(), List.of());
    }

    private static AccountReport report(List<ClusterFacts> clusters, NodeRole... nodeRoles) {
        List<IamRole> roles = new ArrayList<>(Arrays.stream(nodeRoles).map(NodeRole::role).toList());
        roles.add(new IamRole("cluster-role", CLUSTER_ROLE, "/", TRUST));
        IamFacts iam = new IamFacts(roles, List.of(nodeRoles), Set.of());
        return Domain.rules().report(new AccountFacts(PROD, iam, new EksFacts(PROD.regions(), clusters, List.of())));
    }

    private static List<FindingCode> clusterCodes(AccountReport report) {
        return report.clusters().stream().flatMap(c -> c.findings().stream()).map(Finding::code).toList();
    }

    private static FixPlanner planner() {
        return new FixPlanner(new FixPlanner.Settings("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY, Map.of()));
    }

    @Test
    void aWindowsNodegroupNeedsAnEc2WindowsEntryAndAutoModeAnEc2One() {
        AccountReport report = report(List.of(
                        cluster("win", ClusterFacts.AuthenticationMode.API, null,
                                List.of(nodegroup("win", arn("workers"), "WINDOWS_CORE_2022_x86_64"))),
                        cluster("auto", ClusterFacts.AuthenticationMode.API, arn("auto"), List.of())),
                role("auto", AUTO, List.of(), MINIMAL, PULL), role("workers", MANAGED, List.of(), WORKER, ECR));

        List<FixPlan> plans = planner().offers(report);

        assertThat(plans).filteredOn(p -> p.kind() == FixKind.CREATE_ACCESS_ENTRY)
                .extracting(p -> ((PlanStep.CreateAccessEntry) p.steps().get(0)).type())
                .containsExactlyInAnyOrder("EC2_WINDOWS", "EC2");
    }

    @Test
    void aWindowsNodegroupWhoseRoleHasOnlyALinuxEntryIsFlaggedAndItsEntryReplacedByAnEc2WindowsOne() {
        ClusterFacts.Nodegroup windows = nodegroup("win", arn("workers"), "WINDOWS_FULL_2022_x86_64");
        NodeRole workers = role("workers", MANAGED, List.of(), WORKER, ECR);

        AccountReport linuxEntry = report(List.of(cluster("c", ClusterFacts.AuthenticationMode.API, null, List.of(windows),
                entry("workers", "EC2_LINUX"))), workers);
        AccountReport windowsEntry = report(List.of(cluster("c", ClusterFacts.AuthenticationMode.API, null, List.of(windows),
                entry("workers", "EC2_WINDOWS"))), workers);
        AccountReport linuxGroup = report(List.of(cluster("c", ClusterFacts.AuthenticationMode.API, null,
                List.of(nodegroup("general", arn("workers"), "AL2023_x86_64_STANDARD")), entry("workers", "EC2_LINUX"))), workers);

        assertThat(clusterCodes(linuxEntry)).containsExactly(FindingCode.ACCESS_ENTRY_WRONG_TYPE);
        assertThat(linuxEntry.clusters().get(0).findings().get(0).detail())
                .isEqualTo("the access entry of " + arn("workers") + " in cluster c is of type EC2_LINUX, not the EC2_WINDOWS its nodes need");
        assertThat(clusterCodes(windowsEntry)).isEmpty();
        assertThat(clusterCodes(linuxGroup)).isEmpty();
        FixPlan replace = planner().offers(linuxEntry).stream().filter(p -> p.kind() == FixKind.REPLACE_ACCESS_ENTRY).findFirst()
                .orElseThrow();
        assertThat(replace.steps()).extracting(PlanStep::kind).containsExactly(StepKind.DELETE_ACCESS_ENTRY, StepKind.CREATE_ACCESS_ENTRY);
        assertThat(((PlanStep.DeleteAccessEntry) replace.steps().get(0)).type()).isEqualTo("EC2_LINUX");
        assertThat(((PlanStep.CreateAccessEntry) replace.steps().get(1)).type()).isEqualTo("EC2_WINDOWS");
    }

    @Test
    void hybridEntriesAreNodeEntriesButFargateOnesAreNot() {
        ClusterFacts.Nodegroup ng = nodegroup("general", arn("workers"), "AL2023_x86_64_STANDARD");
        NodeRole workers = role("workers", MANAGED, List.of(), WORKER, ECR);

        assertThat(clusterCodes(report(List.of(cluster("c", ClusterFacts.AuthenticationMode.API, null, List.of(ng),
                entry("workers", "HYBRID_LINUX"))), workers))).isEmpty();
        assertThat(clusterCodes(report(List.of(cluster("c", ClusterFacts.AuthenticationMode.API, null, List.of(ng),
                entry("workers", "FARGATE_LINUX"))), workers))).containsExactly(FindingCode.ACCESS_ENTRY_WRONG_TYPE);
    }

    @Test
    void oneAccessEntryPlanPerClusterAndNoneForConfigMapMode() {
        ClusterFacts.Nodegroup ng = nodegroup("general", arn("workers"), "AL2023_x86_64_STANDARD");
        AccountReport report = report(List.of(
                        cluster("blue", ClusterFacts.AuthenticationMode.API, null, List.of(ng)),
                        cluster("green", ClusterFacts.AuthenticationMode.API_AND_CONFIG_MAP, null, List.of(ng)),
                        cluster("old", ClusterFacts.AuthenticationMode.CONFIG_MAP, null, List.of(ng))),
                role("workers", MANAGED, List.of(), WORKER, ECR));

        List<FixPlan> plans = planner().offers(report);

        assertThat(clusterCodes(report)).containsExactly(FindingCode.NODE_ROLE_NOT_MAPPED, FindingCode.NODE_ROLE_MAPPING_UNVERIFIED);
        assertThat(plans).filteredOn(p -> p.kind() == FixKind.CREATE_ACCESS_ENTRY).extracting(p -> p.cluster().orElseThrow())
                .containsExactly("eu-west-1/blue", "eu-west-1/green");
        assertThat(plans).extracting(FixPlan::key).doesNotHaveDuplicates();
    }

    @Test
    void replacingAnEntryStaysOutOfFixAll() {
        ClusterFacts.Nodegroup ng = nodegroup("general", arn("workers"), "AL2023_x86_64_STANDARD");
        AccountReport report = report(List.of(cluster("blue", ClusterFacts.AuthenticationMode.API, null, List.of(ng),
                        entry("workers", "STANDARD"))),
                role("workers", MANAGED, List.of(), WORKER), role("NodeInstanceRole", RoleUse.NAMED, List.of(), WORKER, ECR));

        List<FixPlan> plans = planner().offers(report);

        assertThat(plans).extracting(FixPlan::kind).contains(FixKind.REPLACE_ACCESS_ENTRY, FixKind.ATTACH_POLICY,
                FixKind.CREATE_INSTANCE_PROFILE, FixKind.FIX_ALL);
        FixPlan all = plans.stream().filter(p -> p.kind() == FixKind.FIX_ALL).findFirst().orElseThrow();
        assertThat(all.steps()).extracting(PlanStep::kind).doesNotContain(StepKind.DELETE_ACCESS_ENTRY, StepKind.CREATE_ACCESS_ENTRY);
    }

    @Test
    void aMissingRoleSeveralNodegroupsUseIsCreatedOnceAtItsPath() {
        String missing = "arn:aws:iam::111111111111:role/team/nodes/gone";
        AccountReport report = report(List.of(
                cluster("blue", ClusterFacts.AuthenticationMode.API, null, List.of(nodegroup("a", missing, "AL2023_x86_64_STANDARD"))),
                cluster("green", ClusterFacts.AuthenticationMode.API, null, List.of(nodegroup("b", missing, "AL2023_x86_64_STANDARD")))));

        List<FixPlan> creates = planner().offers(report).stream().filter(p -> p.kind() == FixKind.CREATE_CLUSTER_NODE_ROLE).toList();

        assertThat(clusterCodes(report)).containsExactly(FindingCode.CLUSTER_NODE_ROLE_MISSING, FindingCode.CLUSTER_NODE_ROLE_MISSING);
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).steps()).extracting(PlanStep::kind).containsExactly(StepKind.CREATE_ROLE, StepKind.ATTACH_POLICY,
                StepKind.ATTACH_POLICY, StepKind.CREATE_INSTANCE_PROFILE, StepKind.ADD_ROLE_TO_INSTANCE_PROFILE);
        assertThat(((PlanStep.CreateRole) creates.get(0).steps().get(0)).path()).isEqualTo("/team/nodes/");
        assertThat(report.findings()).extracting(Finding::code).doesNotContain(FindingCode.NO_NODE_ROLE);
    }

    @Test
    void aMissingAutoModeRoleIsCreatedWithAutoModesPolicies() {
        AccountReport report = report(List.of(cluster("auto", ClusterFacts.AuthenticationMode.API, arn("auto-gone"), List.of())));

        FixPlan create = planner().offers(report).stream().filter(p -> p.kind() == FixKind.CREATE_CLUSTER_NODE_ROLE)
                .findFirst().orElseThrow();

        assertThat(create.steps()).filteredOn(s -> s instanceof PlanStep.AttachPolicy)
                .extracting(s -> ((PlanStep.AttachPolicy) s).policyArn()).containsExactly(MINIMAL, PULL);
    }

    @Test
    void clusterRoleReuseAndHealthIssuesHaveNoFix() {
        ClusterFacts reused = new ClusterFacts("eu-west-1", "c", new ClusterFacts.Description("c", arn("workers"),
                ClusterFacts.AuthenticationMode.API, false, null),
                List.of(nodegroup("general", arn("workers"), "AL2023_x86_64_STANDARD",
                        new ClusterFacts.HealthIssue("IamInstanceProfileNotFound", "gone", List.of("eks-1")))),
                Set.of(RoleArn.key(arn("workers"))), Map.of(RoleArn.key(arn("workers")), entry("workers", "EC2_LINUX")), null);
        AccountReport report = report(List.of(reused), role("workers", MANAGED, List.of(), WORKER, ECR));

        assertThat(clusterCodes(report)).containsExactly(FindingCode.NODE_ROLE_IS_CLUSTER_ROLE, FindingCode.NODEGROUP_HEALTH_ISSUE);
        assertThat(report.verdict()).isEqualTo(Severity.NEEDS_FIX);
        assertThat(planner().offers(report)).isEmpty();
    }

    @Test
    void instanceProfileIsJudgedOnlyWhereItMattersAndWhereItWasRead() {
        NodeRole named = role("NodeInstanceRole", RoleUse.NAMED, List.of(), WORKER, ECR);
        NodeRole both = role("shared-NodeInstanceRole", RoleUse.NAMED.and(MANAGED), List.of(), WORKER, ECR);
        NodeRole held = role("held-NodeInstanceRole", RoleUse.NAMED, List.of("held-NodeInstanceRole"), WORKER, ECR);
        NodeRole unread = new NodeRole(new IamRole("old-NodeInstanceRole", arn("old-NodeInstanceRole"), "/", TRUST), List.of(WORKER, ECR));

        AccountReport report = report(List.of(), both, held, named, unread);

        assertThat(report.roles()).extracting(r -> r.name() + "=" + r.verdict()).containsExactly(
                "shared-NodeInstanceRole=OK", "held-NodeInstanceRole=OK", "NodeInstanceRole=WARNING", "old-NodeInstanceRole=OK");
        assertThat(report.roles().get(2).findings()).extracting(Finding::code).containsExactly(FindingCode.NO_INSTANCE_PROFILE);
    }

    @Test
    void aRoleManagedNodegroupsAndAutoModeShareNeedsRuleThreesPolicies() {
        AccountReport report = report(List.of(), role("shared", MANAGED.and(AUTO), List.of(), MINIMAL, PULL));

        assertThat(report.roles().get(0).findings()).extracting(Finding::detail).containsExactly("AmazonEKSWorkerNodePolicy");
    }

    @Test
    void anUnreadableClusterIsUnknownAndJudgedNoFurther() {
        ClusterFacts unreadable = ClusterFacts.unreadable("eu-west-1", "c",
                new ClusterFindings.EksReadFailed("DescribeCluster", "AccessDeniedException", "no", "eu-west-1", "c"));

        AccountReport report = report(List.of(unreadable));

        assertThat(report.verdict()).isEqualTo(Severity.UNKNOWN);
        assertThat(clusterCodes(report)).containsExactly(FindingCode.EKS_READ_FAILED);
        assertThat(report.clusters().get(0).findings().get(0).nextStep()).contains("eks:DescribeCluster");
        assertThat(planner().offers(report)).isEmpty();
    }

    @Test
    void aRoleWithoutInstanceProfileIsNotJudgedWhileSomeClusterCouldNotBeRead() {
        ClusterFacts unreadable = ClusterFacts.unreadable("eu-west-1", "c",
                new ClusterFindings.EksReadFailed("DescribeCluster", "ServerException", "boom", "eu-west-1", "c"));

        AccountReport report = report(List.of(unreadable), role("NodeInstanceRole", RoleUse.NAMED, List.of(), WORKER, ECR));

        assertThat(report.roles().get(0).findings()).isEmpty();
        assertThat(report.roles().get(0).results()).extracting(RuleResult::statement).noneMatch(s -> s.contains("nstance profile"));
    }
}

package dev.eksrole.slack;

import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.NodeRole;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.TrustPolicy;
import dev.eksrole.testing.Domain;
import java.util.ArrayList;
import java.util.List;

/** Check results of each verdict, as the rules report them for node roles described here, for message tests. */
final class SampleReports {

    static final Account PROD = new Account("111111111111", "prod-eu", Partition.AWS,
            "arn:aws:iam::111111111111:role/EksRoleAccess", "eksrole-prod", null);
    static final String TRUST = TrustPolicy.documentedJson(Partition.AWS);
    static final String WORKER = ManagedPolicy.WORKER_NODE.arn(Partition.AWS);
    static final String ECR = ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS);
    static final String CNI = ManagedPolicy.CNI.arn(Partition.AWS);

    private SampleReports() {}

    static NodeRole role(String name, List<String> policies, String trust) {
        return Domain.nodeRole(name, policies, trust);
    }

    /** What the rules report for PROD with these node roles. */
    static AccountReport report(NodeRole... roles) {
        return Domain.report(PROD, roles);
    }

    static AccountReport ok() {
        return report(role("NodeInstanceRole", List.of(WORKER, ECR), TRUST));
    }

    /** The CNI policy on the node role, and no role for aws-node. */
    static AccountReport warning() {
        return report(role("NodeInstanceRole", List.of(WORKER, ECR, CNI), TRUST));
    }

    /** One healthy role, and one without the ECR policy whose trust lets EKS in instead of EC2. */
    static AccountReport needsFix() {
        String badTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        return report(role("AmazonEKSNodeRole", List.of(WORKER, ECR), TRUST), role("NodeInstanceRole", List.of(WORKER), badTrust));
    }

    static AccountReport noNodeRole() {
        return report();
    }

    static AccountReport unknown() {
        return AccountReport.of(PROD, new Finding.AssumeRoleFailed(PROD.accessRoleArn(), PROD.externalId(),
                AccessFailure.of(AccessFailure.Cause.TARGET_REFUSED, "AccessDenied",
                        "User: arn:aws:sts::999999999999:assumed-role/eksrole-hub/i-0abc is not authorized to perform: sts:AssumeRole")
                        .withCaller("arn:aws:sts::999999999999:assumed-role/eksrole-hub/i-0abc")));
    }

    /** Many roles, each without the ECR policy. */
    static AccountReport manyRoles(int count) {
        List<NodeRole> roles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            roles.add(role("cluster-%03d-NodeInstanceRole".formatted(i), List.of(WORKER), TRUST));
        }
        return report(roles.toArray(NodeRole[]::new));
    }

    /** Clusters in eu-west-1, each with a managed node group whose role has no access entry in API mode. */
    static AccountReport manyClusters(int count) {
        Account account = PROD.withRegions(List.of("eu-west-1"));
        String workers = "arn:aws:iam::111111111111:role/workers";
        NodeRole role = new NodeRole(new dev.eksrole.noderole.IamRole("workers", workers, "/", TRUST), List.of(WORKER, ECR),
                new dev.eksrole.noderole.RoleUse(false, true, false), new dev.eksrole.noderole.InstanceProfiles.Listed(List.of()));
        List<dev.eksrole.noderole.ClusterFacts> clusters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "cluster-%03d".formatted(i);
            clusters.add(new dev.eksrole.noderole.ClusterFacts("eu-west-1", name, new dev.eksrole.noderole.ClusterFacts.Description(name,
                    "arn:aws:iam::111111111111:role/cluster-role", dev.eksrole.noderole.ClusterFacts.AuthenticationMode.API, false, null),
                    List.of(new dev.eksrole.noderole.ClusterFacts.Nodegroup("general", workers, "AL2023_x86_64_STANDARD", "ACTIVE",
                            List.of())), java.util.Set.of(), java.util.Map.of(), null));
        }
        return Domain.rules().report(new dev.eksrole.noderole.AccountFacts(account,
                new dev.eksrole.noderole.IamFacts(List.of(role.role()), List.of(role), java.util.Set.of()),
                new dev.eksrole.noderole.EksFacts(account.regions(), clusters, List.of())));
    }

    static final String CLUSTER_ROLE = "arn:aws:iam::111111111111:role/cluster-role";
    static final dev.eksrole.noderole.RoleUse MANAGED = new dev.eksrole.noderole.RoleUse(false, true, false);
    static final dev.eksrole.noderole.RoleUse AUTO = new dev.eksrole.noderole.RoleUse(false, false, true);

    /** A role clusters use, without instance profile (EKS makes its own for them). */
    static NodeRole inUse(String name, dev.eksrole.noderole.RoleUse use, String... policies) {
        return new NodeRole(new dev.eksrole.noderole.IamRole(name, "arn:aws:iam::111111111111:role/" + name, "/", TRUST), List.of(policies),
                use, new dev.eksrole.noderole.InstanceProfiles.Listed(List.of()));
    }

    static dev.eksrole.noderole.ClusterFacts.Nodegroup nodegroup(String name, String role, String amiType) {
        return new dev.eksrole.noderole.ClusterFacts.Nodegroup(name, "arn:aws:iam::111111111111:role/" + role, amiType, "ACTIVE", List.of());
    }

    /** A cluster in eu-west-1 whose listing named exactly the entries given. */
    static dev.eksrole.noderole.ClusterFacts cluster(String name, dev.eksrole.noderole.ClusterFacts.AuthenticationMode mode,
            String autoModeRole, List<dev.eksrole.noderole.ClusterFacts.Nodegroup> nodegroups,
            dev.eksrole.noderole.ClusterFacts.AccessEntry... entries) {
        java.util.Map<String, dev.eksrole.noderole.ClusterFacts.AccessEntry> described = new java.util.HashMap<>();
        for (var entry : entries) {
            described.put(dev.eksrole.noderole.RoleArn.key(entry.principalArn()), entry);
        }
        return new dev.eksrole.noderole.ClusterFacts("eu-west-1", name, new dev.eksrole.noderole.ClusterFacts.Description(name, CLUSTER_ROLE,
                mode, autoModeRole != null, autoModeRole == null ? null : "arn:aws:iam::111111111111:role/" + autoModeRole),
                nodegroups, described.keySet(), described, null);
    }

    static dev.eksrole.noderole.ClusterFacts.AccessEntry entry(String role, String type) {
        return new dev.eksrole.noderole.ClusterFacts.AccessEntry("arn:aws:iam::111111111111:role/" + role, type, "system:node:{{EC2PrivateDNSName}}",
                List.of(), List.of());
    }

    /** What the rules report for PROD, with eu-west-1 configured, over these roles and clusters. */
    static AccountReport withClusters(List<NodeRole> roles, List<dev.eksrole.noderole.ClusterFacts> clusters) {
        Account account = PROD.withRegions(List.of("eu-west-1"));
        List<dev.eksrole.noderole.IamRole> iamRoles = new ArrayList<>(roles.stream().map(NodeRole::role).toList());
        iamRoles.add(new dev.eksrole.noderole.IamRole("cluster-role", CLUSTER_ROLE, "/", TRUST));
        return Domain.rules().report(new dev.eksrole.noderole.AccountFacts(account,
                new dev.eksrole.noderole.IamFacts(iamRoles, roles, java.util.Set.of()),
                new dev.eksrole.noderole.EksFacts(account.regions(), clusters, List.of())));
    }
}

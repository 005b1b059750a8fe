package dev.eksrole.slack;

import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.NodeRolePatterns;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.TrustPolicy;
import dev.eksrole.noderole.TrustPolicyRule;
import java.util.ArrayList;
import java.util.List;

/** Check results of each verdict, built from domain data, for message tests. */
final class SampleReports {

    static final Account PROD = new Account("111111111111", "prod-eu", Partition.AWS,
            "arn:aws:iam::111111111111:role/EksRoleAccess", "eksrole-prod", null);
    static final String TRUST = TrustPolicy.documentedJson(Partition.AWS);
    static final String WORKER = ManagedPolicy.WORKER_NODE.arn(Partition.AWS);
    static final String ECR = ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS);
    static final String CNI = ManagedPolicy.CNI.arn(Partition.AWS);

    private SampleReports() {}

    static RoleReport role(String name, List<String> policies, String trust, List<Finding> findings) {
        return new RoleReport(name, "arn:aws:iam::111111111111:role/" + name, policies, trust, findings);
    }

    static AccountReport ok() {
        return new AccountReport(PROD, List.of(), List.of(role("NodeInstanceRole", List.of(WORKER, ECR), TRUST, List.of())));
    }

    static AccountReport warning() {
        return new AccountReport(PROD, List.of(), List.of(role("NodeInstanceRole", List.of(WORKER, ECR, CNI), TRUST,
                List.of(new Finding.CniPolicyOnNodeRole(null)))));
    }

    static AccountReport needsFix() {
        String badTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        List<Finding> findings = new ArrayList<>();
        findings.add(new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR));
        new TrustPolicyRule().evaluate(badTrust, Partition.AWS).ifPresent(findings::add);
        return new AccountReport(PROD, List.of(), List.of(
                role("AmazonEKSNodeRole", List.of(WORKER, ECR), TRUST, List.of()),
                role("NodeInstanceRole", List.of(WORKER), badTrust, findings)));
    }

    static AccountReport noNodeRole() {
        return new AccountReport(PROD, List.of(new Finding.NoNodeRole(NodeRolePatterns.DEFAULT.fragments())), List.of());
    }

    static AccountReport unknown() {
        return new AccountReport(PROD, List.of(new Finding.AssumeRoleFailed(PROD.accessRoleArn(), PROD.externalId(),
                AccessFailure.of(AccessFailure.Cause.TARGET_REFUSED, "AccessDenied",
                        "User: arn:aws:sts::999999999999:assumed-role/eksrole-hub/i-0abc is not authorized to perform: sts:AssumeRole")
                        .withCaller("arn:aws:sts::999999999999:assumed-role/eksrole-hub/i-0abc"))), List.of());
    }

    static AccountReport manyRoles(int count) {
        List<RoleReport> roles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            roles.add(role("cluster-%03d-NodeInstanceRole".formatted(i), List.of(WORKER), TRUST,
                    List.of(new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR))));
        }
        return new AccountReport(PROD, List.of(), roles);
    }
}

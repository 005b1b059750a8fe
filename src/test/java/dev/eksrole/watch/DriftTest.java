package dev.eksrole.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.ClusterFindings;
import dev.eksrole.noderole.ClusterReport;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.RoleReport;
import dev.eksrole.noderole.RuleResult;
import dev.eksrole.noderole.Severity;
import dev.eksrole.noderole.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which changes between two rounds are posted: compared by code, subject and detail, whatever the finding. */
class DriftTest {

    private static final Account PROD = new Account("111111111111", "prod-eu", Partition.AWS,
            "arn:aws:iam::111111111111:role/EksRoleAccess", "ext", null);
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

    /** A report with one node role per name, each missing the given policies. */
    private static AccountReport report(String role, ManagedPolicy... missing) {
        List<RuleResult> results = new ArrayList<>(List.of(RuleResult.pass(Subject.role(role), "Role exists")));
        for (ManagedPolicy policy : missing) {
            results.add(RuleResult.fail(Subject.role(role), new Finding.MissingPolicy(policy, policy.arn(Partition.AWS)),
                    policy.policyName() + " is not attached"));
        }
        return new AccountReport(PROD, List.of(), List.of(new RoleReport(role, "arn:aws:iam::111111111111:role/" + role, List.of(),
                "{}", results)));
    }

    private static Optional<AccountState> seen(AccountReport report) {
        return Optional.of(AccountState.of(report, AT));
    }

    @Test
    void aFirstLookPostsOnlyAnAccountThatIsNotOk() {
        assertThat(Drift.between(Optional.empty(), report("NodeInstanceRole"))).isEmpty();

        Drift first = Drift.between(Optional.empty(), report("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY)).orElseThrow();
        assertThat(first.kind()).isEqualTo(Drift.Kind.FIRST_LOOK);
        assertThat(first.was()).isNull();
        assertThat(first.added()).extracting(ObservedFinding::describe)
                .containsExactly("MISSING_POLICY AmazonEC2ContainerRegistryReadOnly on role NodeInstanceRole");
    }

    @Test
    void theSameFindingsAgainPostNothing() {
        AccountReport broken = report("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY);
        assertThat(Drift.between(seen(broken), report("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY))).isEmpty();
        assertThat(Drift.between(seen(report("NodeInstanceRole")), report("NodeInstanceRole"))).isEmpty();
    }

    @Test
    void aWorseVerdictIsARegression() {
        Drift drift = Drift.between(seen(report("NodeInstanceRole")), report("NodeInstanceRole", ManagedPolicy.WORKER_NODE)).orElseThrow();

        assertThat(drift.kind()).isEqualTo(Drift.Kind.REGRESSED);
        assertThat(drift.was()).isEqualTo(Severity.OK);
        assertThat(drift.verdict()).isEqualTo(Severity.NEEDS_FIX);
        assertThat(drift.line()).isEqualTo("prod-eu (111111111111): OK → NEEDS_FIX (1 new finding)");
    }

    @Test
    void aNewFindingUnderTheSameVerdictIsPostedAndOneOnAnotherSubjectIsNew() {
        AccountReport before = report("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY);

        Drift samePolicyOtherRole = Drift.between(seen(before), new AccountReport(PROD, List.of(), List.of(
                before.roles().get(0), report("OtherNodeInstanceRole", ManagedPolicy.ECR_READ_ONLY).roles().get(0)))).orElseThrow();
        assertThat(samePolicyOtherRole.kind()).isEqualTo(Drift.Kind.NEW_FINDING);
        assertThat(samePolicyOtherRole.added()).extracting(ObservedFinding::subject).containsExactly("Role[name=OtherNodeInstanceRole]");

        Drift otherPolicy = Drift.between(seen(before), report("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY, ManagedPolicy.WORKER_NODE))
                .orElseThrow();
        assertThat(otherPolicy.added()).extracting(ObservedFinding::detail).containsExactly("AmazonEKSWorkerNodePolicy");
    }

    @Test
    void fewerFindingsThatAreNotYetOkPostNothingAndOkAgainIsARecovery() {
        AccountReport worse = report("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY, ManagedPolicy.WORKER_NODE);
        assertThat(Drift.between(seen(worse), report("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY))).isEmpty();

        Drift recovered = Drift.between(seen(worse), report("NodeInstanceRole")).orElseThrow();
        assertThat(recovered.kind()).isEqualTo(Drift.Kind.RECOVERED);
        assertThat(recovered.was()).isEqualTo(Severity.NEEDS_FIX);
        assertThat(recovered.gone()).hasSize(2);
    }

    @Test
    void anAccountThatCannotBeReadIsARegressionWithItsAccountFinding() {
        AccountReport unknown = AccountReport.of(PROD, new Finding.IamReadFailed("ListRoles", "AccessDenied", "denied"));

        Drift drift = Drift.between(seen(report("NodeInstanceRole")), unknown).orElseThrow();
        assertThat(drift.kind()).isEqualTo(Drift.Kind.REGRESSED);
        assertThat(drift.added()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("IAM_READ_FAILED");
            assertThat(f.subject()).isEqualTo("AccountWide[]");
            assertThat(f.describe()).startsWith("IAM_READ_FAILED ").doesNotContain(" on ");
        });
    }

    @Test
    void aNewClusterFindingIsPostedAndTheSameOneAgainIsNot() {
        AccountReport healthy = report("NodeInstanceRole");
        String roleArn = "arn:aws:iam::111111111111:role/NodeInstanceRole";
        AccountReport unmapped = new AccountReport(PROD, List.of(), healthy.roles(), List.of(new ClusterReport("eu-west-1", "prod", "API",
                false, List.of(new ClusterReport.NodegroupRole("general", "NodeInstanceRole")), null, List.of(RuleResult.fail(
                        Subject.cluster("eu-west-1", "prod"), new ClusterFindings.NodeRoleNotMapped(roleArn, "prod", "EC2_LINUX"),
                        "no access entry")))));

        Drift drift = Drift.between(seen(healthy), unmapped).orElseThrow();
        assertThat(drift.added()).extracting(ObservedFinding::code).containsExactly("NODE_ROLE_NOT_MAPPED");
        assertThat(Drift.between(seen(unmapped), unmapped)).isEmpty();
    }
}

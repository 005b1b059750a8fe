package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.testing.Domain;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final Account ACCOUNT = new Account(
            "111111111111", "prod-eu", Partition.AWS, "arn:aws:iam::111111111111:role/eksrole-access", "ext-1", null);

    private static final Finding MISSING_WORKER = new Finding.MissingPolicy(
            ManagedPolicy.WORKER_NODE, ManagedPolicy.WORKER_NODE.arn(Partition.AWS));
    private static final Finding CNI_ON_NODE_ROLE = new Finding.CniPolicyOnNodeRole(null);
    private static final Finding TRUST_NOT_EXACT = new Finding.TrustNotExact(List.of("1 extra statement"), "{}");
    private static final Finding IAM_READ_FAILED = new Finding.IamReadFailed("ListRoles", "Throttling", null);

    @Test
    void aRoleWithoutFindingsIsOk() {
        assertThat(role().verdict()).isEqualTo(Severity.OK);
    }

    @Test
    void aRolesVerdictIsItsWorstFinding() {
        assertThat(role(CNI_ON_NODE_ROLE, TRUST_NOT_EXACT).verdict()).isEqualTo(Severity.WARNING);
        assertThat(role(CNI_ON_NODE_ROLE, MISSING_WORKER, TRUST_NOT_EXACT).verdict()).isEqualTo(Severity.NEEDS_FIX);
        assertThat(role(MISSING_WORKER, CNI_ON_NODE_ROLE).verdict()).isEqualTo(Severity.NEEDS_FIX);
    }

    @Test
    void anAccountWithHealthyRolesIsOk() {
        assertThat(new AccountReport(ACCOUNT, own(), List.of(role(), role())).verdict()).isEqualTo(Severity.OK);
    }

    @Test
    void anAccountsVerdictIsItsWorstRole() {
        AccountReport report = new AccountReport(ACCOUNT, own(), List.of(role(), role(MISSING_WORKER), role(CNI_ON_NODE_ROLE)));

        assertThat(report.verdict()).isEqualTo(Severity.NEEDS_FIX);
    }

    @Test
    void anAccountsOwnFindingCountsAsMuchAsItsRoles() {
        AccountReport report = new AccountReport(ACCOUNT, own(IAM_READ_FAILED), List.of(role(CNI_ON_NODE_ROLE)));

        assertThat(report.verdict()).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void aRoleWorseThanTheAccountsOwnFindingsDecides() {
        AccountReport report = new AccountReport(ACCOUNT, own(CNI_ON_NODE_ROLE), List.of(role(MISSING_WORKER)));

        assertThat(report.verdict()).isEqualTo(Severity.NEEDS_FIX);
    }

    @Test
    void anAccountWithoutNodeRolesNeedsAFix() {
        AccountReport report = new AccountReport(ACCOUNT, own(new Finding.NoNodeRole(List.of("eksNodeRole"))), List.of());

        assertThat(report.verdict()).isEqualTo(Severity.NEEDS_FIX);
        assertThat(report.verdict().exitCode()).isEqualTo(2);
    }

    @Test
    void anAccountThatCouldNotBeEnteredIsUnknown() {
        Finding failed = new Finding.AssumeRoleFailed("arn:aws:iam::111111111111:role/eksrole-access", "ext-1",
                AccessFailure.of(AccessFailure.Cause.TARGET_REFUSED, "AccessDenied", "not authorized"));

        AccountReport report = new AccountReport(ACCOUNT, own(failed), List.of());

        assertThat(report.verdict()).isEqualTo(Severity.UNKNOWN);
        assertThat(report.verdict().exitCode()).isEqualTo(3);
    }

    @Test
    void anEmptyAccountReportIsOk() {
        assertThat(new AccountReport(ACCOUNT, own(), List.of()).verdict()).isEqualTo(Severity.OK);
    }

    private static RoleReport role(Finding... findings) {
        return new RoleReport("AmazonEKSNodeRole", "arn:aws:iam::111111111111:role/AmazonEKSNodeRole", List.of(),
                TrustDocuments.documented(Partition.AWS), Domain.failed(Subject.role("AmazonEKSNodeRole"), findings));
    }

    /** The account's own findings, as results. */
    private static List<RuleResult> own(Finding... findings) {
        return Domain.failed(Subject.account(), findings);
    }
}

package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of checking one account: the results about the account as a whole, one report per node
 * role and one per EKS cluster.
 *
 * @param results the account's own results, passes included
 */
public record AccountReport(Account account, List<RuleResult> results, List<RoleReport> roles, List<ClusterReport> clusters) {

    public AccountReport {
        requireNonNull(account, "account");
        results = List.copyOf(results);
        roles = List.copyOf(roles);
        clusters = List.copyOf(clusters);
    }

    /** A report without clusters. */
    public AccountReport(Account account, List<RuleResult> results, List<RoleReport> roles) {
        this(account, results, roles, List.of());
    }

    /**
     * An account known only by one finding of its own, with no rule run: no session in it, a read that
     * failed, or a reading that did not add up.
     */
    public static AccountReport of(Account account, Finding finding) {
        return new AccountReport(account, List.of(RuleResult.fail(Subject.account(), finding, finding.detail())), List.of());
    }

    /** The regions whose clusters the check looks at; none when clusters are not checked in the account. */
    public List<String> regions() {
        return account.regions();
    }

    /**
     * The regions whose clusters were not read: every region when the check stopped before any rule ran (no
     * session in the account, an IAM reading that failed or did not add up), else those whose listing failed.
     * Their clusters are unknown, not absent: "0 clusters" would be a false all-clear.
     */
    public List<String> regionsNotRead() {
        // an EKS failure about one cluster stands for the whole account only when it stopped the check (EKS used up its time)
        if (findings().stream().anyMatch(f -> f.code() == FindingCode.ASSUME_ROLE_FAILED || f.code() == FindingCode.IAM_READ_FAILED
                || f.code() == FindingCode.READING_INCONSISTENT || f instanceof ClusterFindings.EksReadFailed e && e.cluster() != null)) {
            return regions();
        }
        List<String> failed = findings().stream().filter(f -> f instanceof ClusterFindings.EksReadFailed e && e.cluster() == null)
                .map(f -> ((ClusterFindings.EksReadFailed) f).region()).toList();
        return regions().stream().filter(failed::contains).toList();
    }

    /** The regions whose clusters were listed. */
    public List<String> regionsRead() {
        List<String> notRead = regionsNotRead();
        return regions().stream().filter(r -> !notRead.contains(r)).toList();
    }

    /** The account's own findings. */
    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.failure().stream()).toList();
    }

    /** The account's own findings, then each role's, then each cluster's. */
    public List<Finding> allFindings() {
        List<Finding> all = new ArrayList<>(findings());
        roles.forEach(role -> all.addAll(role.findings()));
        clusters.forEach(cluster -> all.addAll(cluster.findings()));
        return List.copyOf(all);
    }

    /** Rule 6: the worst of the account's own findings and of its roles' and clusters' verdicts. */
    public Severity verdict() {
        List<Severity> all = new ArrayList<>();
        findings().forEach(f -> all.add(f.severity()));
        roles.forEach(r -> all.add(r.verdict()));
        clusters.forEach(c -> all.add(c.verdict()));
        return Severity.worstOf(all);
    }
}

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

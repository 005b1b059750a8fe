package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of checking one account: the results about the account as a whole and one report per
 * node role.
 *
 * @param results the account's own results, passes included
 */
public record AccountReport(Account account, List<RuleResult> results, List<RoleReport> roles) {

    public AccountReport {
        requireNonNull(account, "account");
        results = List.copyOf(results);
        roles = List.copyOf(roles);
    }

    /**
     * An account known only by one finding of its own, with no rule run: no session in it, a read that
     * failed, or a reading that did not add up.
     */
    public static AccountReport of(Account account, Finding finding) {
        return new AccountReport(account, List.of(RuleResult.fail(Subject.account(), finding, finding.detail())), List.of());
    }

    /** The account's own findings. */
    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.failure().stream()).toList();
    }

    /** The account's own findings, then each role's. */
    public List<Finding> allFindings() {
        List<Finding> all = new ArrayList<>(findings());
        roles.forEach(role -> all.addAll(role.findings()));
        return List.copyOf(all);
    }

    /** Rule 6: the worst of the account's own findings and of its roles' verdicts. */
    public Severity verdict() {
        List<Severity> all = new ArrayList<>();
        findings().forEach(f -> all.add(f.severity()));
        roles.forEach(r -> all.add(r.verdict()));
        return Severity.worstOf(all);
    }
}

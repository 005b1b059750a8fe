package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** The result of checking one account: its own findings and one report per node role. */
public record AccountReport(Account account, List<Finding> findings, List<RoleReport> roles) {

    public AccountReport {
        requireNonNull(account, "account");
        findings = List.copyOf(findings);
        roles = List.copyOf(roles);
    }

    /** The account's own findings, then each role's. */
    public List<Finding> allFindings() {
        List<Finding> all = new ArrayList<>(findings);
        roles.forEach(role -> all.addAll(role.findings()));
        return List.copyOf(all);
    }

    /** Rule 6: the worst of the account's own findings and of its roles' verdicts. */
    public Severity verdict() {
        List<Severity> all = new ArrayList<>();
        findings.forEach(f -> all.add(f.severity()));
        roles.forEach(r -> all.add(r.verdict()));
        return Severity.worstOf(all);
    }
}

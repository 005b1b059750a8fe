package dev.eksrole.noderole;

import java.util.List;

/**
 * What a check found for one node role, with the facts it saw, so that messages can show what is
 * right as well as what is wrong.
 */
public record RoleReport(String name, String arn, List<String> attachedPolicyArns, String trustDocument, List<Finding> findings) {

    public RoleReport {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        findings = List.copyOf(findings);
    }

    /** Rule 6: a role's verdict is its worst finding. */
    public Severity verdict() {
        return Severity.worstOf(findings.stream().map(Finding::severity).toList());
    }
}

package dev.eksrole.noderole;

import java.util.List;

/**
 * What a check found for one node role, with the facts it saw, so that messages can show what is
 * right as well as what is wrong.
 *
 * @param results every rule's result about the role, passes included, in the rules' order
 */
public record RoleReport(String name, String arn, List<String> attachedPolicyArns, String trustDocument, List<RuleResult> results) {

    public RoleReport {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        results = List.copyOf(results);
    }

    /** The role's findings: the results of the rules it fails. */
    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.failure().stream()).toList();
    }

    /** Rule 6: a role's verdict is its worst finding. */
    public Severity verdict() {
        return Severity.worstOf(findings().stream().map(Finding::severity).toList());
    }
}

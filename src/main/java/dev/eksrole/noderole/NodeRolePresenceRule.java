package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Rule 2's verdict: an account needs a node role. With none, the account has {@code NO_NODE_ROLE}; each
 * node role found passes. Not when its clusters name roles that do not exist (rule 8 says so, and its fix
 * makes those), nor when some cluster could not be read (a role in use there may exist).
 */
public final class NodeRolePresenceRule implements Rule {

    static final String EXISTS = "Role exists";

    private final NodeRolePatterns patterns;

    public NodeRolePresenceRule(NodeRolePatterns patterns) {
        this.patterns = requireNonNull(patterns, "patterns");
    }

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        List<NodeRole> nodeRoles = facts.iam().nodeRoles();
        if (nodeRoles.isEmpty()) {
            if (!facts.eks().rolesInUse().isEmpty() || !facts.eks().complete()) {
                return List.of();
            }
            Finding none = new Finding.NoNodeRole(patterns.fragments());
            return List.of(RuleResult.fail(Subject.account(), none, none.detail()));
        }
        return nodeRoles.stream().map(role -> RuleResult.pass(role.subject(), EXISTS)).toList();
    }
}

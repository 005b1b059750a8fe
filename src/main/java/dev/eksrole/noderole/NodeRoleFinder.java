package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Rule 2: the node roles are the roles named like one (see {@link NodeRolePatterns}) plus every role
 * carrying the AWS managed worker policy, whatever its name.
 */
public final class NodeRoleFinder {

    private final NodeRolePatterns patterns;

    public NodeRoleFinder(NodeRolePatterns patterns) {
        this.patterns = requireNonNull(patterns, "patterns");
    }

    /**
     * @param roles every role of the account
     * @param workerPolicyRoleNames names of the roles that have AmazonEKSWorkerNodePolicy attached
     */
    public List<IamRole> find(List<IamRole> roles, Set<String> workerPolicyRoleNames) {
        return roles.stream()
                .filter(r -> patterns.matches(r.name()) || workerPolicyRoleNames.contains(r.name()))
                .sorted(Comparator.comparing(IamRole::name))
                .toList();
    }

    public NodeRolePatterns patterns() {
        return patterns;
    }
}

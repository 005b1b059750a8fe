package dev.eksrole.noderole;

import java.util.List;
import java.util.Set;

/**
 * What IAM said about an account, as far as the rules need it.
 *
 * @param roles every role of the account, as ListRoles gave them
 * @param nodeRoles the node roles (rule 2) with their attached policies, sorted by name; a role deleted
 *     while the account was read is not among them
 * @param cniHolders the names of the roles that hold AmazonEKS_CNI_Policy; read only when a node role
 *     carries the policy (the only case a rule asks), and empty otherwise
 */
public record IamFacts(List<IamRole> roles, List<NodeRole> nodeRoles, Set<String> cniHolders) {

    public IamFacts {
        roles = List.copyOf(roles);
        nodeRoles = List.copyOf(nodeRoles);
        cniHolders = Set.copyOf(cniHolders);
    }
}

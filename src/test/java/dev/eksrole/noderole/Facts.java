package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Facts of an account for rule tests: what the reading would have found, written down. */
final class Facts {

    static final String ACCOUNT_ID = "111111111111";
    static final String NODE_ROLE = "AmazonEKSNodeRole";

    private Facts() {}

    static Account account(Partition partition) {
        return new Account(ACCOUNT_ID, "prod", partition, partition.roleArn(ACCOUNT_ID, "/", "eksrole-access"), "ext-1", null);
    }

    static IamRole role(String name, String trust) {
        return new IamRole(name, Partition.AWS.roleArn(ACCOUNT_ID, "/", name), "/", trust);
    }

    /**
     * An account in this partition with one node role, {@value #NODE_ROLE}, and these other roles, each
     * holding the CNI policy.
     */
    static AccountFacts oneNodeRole(Partition partition, List<String> attached, String trust, IamRole... cniHolders) {
        NodeRole nodeRole = new NodeRole(role(NODE_ROLE, trust), attached);
        List<IamRole> roles = new ArrayList<>(List.of(nodeRole.role()));
        roles.addAll(Arrays.asList(cniHolders));
        Set<String> holders = new HashSet<>();
        Arrays.stream(cniHolders).forEach(r -> holders.add(r.name()));
        if (ManagedPolicy.CNI.isAmong(attached, partition)) {
            holders.add(NODE_ROLE);
        }
        return new AccountFacts(account(partition), new IamFacts(roles, List.of(nodeRole), holders));
    }

    /** An account whose node roles are these, and no other role. */
    static AccountFacts nodeRoles(Partition partition, NodeRole... nodeRoles) {
        return new AccountFacts(account(partition), new IamFacts(Arrays.stream(nodeRoles).map(NodeRole::role).toList(),
                List.of(nodeRoles), Set.of()));
    }

    /** The findings among results. */
    static List<Finding> findings(List<RuleResult> results) {
        return results.stream().flatMap(r -> r.failure().stream()).toList();
    }
}

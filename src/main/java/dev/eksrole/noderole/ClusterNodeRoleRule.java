package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 8: every role a cluster uses for nodes (each managed node group's {@code nodeRole}, and Auto Mode's
 * {@code computeConfig.nodeRoleArn}) must exist; EKS keeps naming a role after it is deleted, and nodes
 * then cannot launch. (Roles in use join the node roles whatever their names: rules 3-7 judge them.)
 */
public final class ClusterNodeRoleRule implements Rule {

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        List<RuleResult> results = new ArrayList<>();
        for (ClusterFacts cluster : facts.eks().clusters()) {
            for (ClusterFacts.Use use : cluster.uses()) {
                String role = RoleArn.nameOf(use.roleArn());
                Subject.Cluster subject = cluster.subject().about(role, use.nodegroupName());
                String user = use.nodegroup() == null ? "Auto Mode" : "Node group " + use.nodegroupName();
                if (facts.hasRole(use.roleArn())) {
                    results.add(RuleResult.pass(subject, user + " uses " + role + ", which exists"));
                } else {
                    Finding missing = new ClusterFindings.ClusterNodeRoleMissing(use.roleArn(), cluster.name(), use.nodegroupName());
                    results.add(RuleResult.fail(subject, missing, user + " uses " + use.roleArn() + ", which does not exist"));
                }
            }
        }
        return results;
    }
}

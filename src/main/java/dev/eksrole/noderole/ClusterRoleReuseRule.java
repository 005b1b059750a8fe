package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 11: a node role must not be the cluster's own IAM role; AWS documents the two as separate roles
 * with different trusts (EKS, EC2), and a role trusted by both is open to more than either needs.
 */
public final class ClusterRoleReuseRule implements Rule {

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        List<RuleResult> results = new ArrayList<>();
        for (ClusterFacts cluster : facts.eks().clusters()) {
            for (ClusterFacts.Use use : cluster.uses()) {
                String role = RoleArn.nameOf(use.roleArn());
                Subject.Cluster subject = cluster.subject().about(role, use.nodegroupName());
                if (cluster.roleIsClusterRole(use.roleArn())) {
                    Finding reused = new ClusterFindings.NodeRoleIsClusterRole(use.roleArn(), cluster.name());
                    results.add(RuleResult.fail(subject, reused, reused.detail()));
                } else {
                    results.add(RuleResult.pass(subject, role + " is not the cluster's own role"));
                }
            }
        }
        return results;
    }
}

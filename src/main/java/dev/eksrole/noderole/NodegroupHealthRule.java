package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 12: what EKS itself says is wrong with a managed node group ({@code health.issues}:
 * {@code IamInstanceProfileNotFound}, {@code NodeCreationFailure}...), one finding per issue.
 */
public final class NodegroupHealthRule implements Rule {

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        List<RuleResult> results = new ArrayList<>();
        for (ClusterFacts cluster : facts.eks().clusters()) {
            for (ClusterFacts.Nodegroup nodegroup : cluster.nodegroups()) {
                Subject.Cluster subject = cluster.subject().about(RoleArn.nameOf(nodegroup.nodeRoleArn()), nodegroup.name());
                if (nodegroup.issues().isEmpty()) {
                    results.add(RuleResult.pass(subject, "Node group " + nodegroup.name() + ": EKS reports no health issue"));
                }
                for (ClusterFacts.HealthIssue issue : nodegroup.issues()) {
                    Finding finding = new ClusterFindings.NodegroupHealthIssue(issue.code(), issue.message(), issue.resourceIds());
                    results.add(RuleResult.fail(subject, finding, "Node group " + nodegroup.name() + ": " + finding.detail()));
                }
            }
        }
        return results;
    }
}

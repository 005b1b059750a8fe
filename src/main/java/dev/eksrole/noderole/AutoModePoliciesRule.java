package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 9: a node role that only EKS Auto Mode uses needs AmazonEKSWorkerNodeMinimalPolicy (or the full
 * worker policy) and AmazonEC2ContainerRegistryPullOnly (or ReadOnly), matched by exact ARN, instead of
 * rule 3's pair (https://docs.aws.amazon.com/eks/latest/userguide/auto-learn-iam.html). A missing one is
 * named as AWS documents it: the minimal policy, PullOnly.
 */
public final class AutoModePoliciesRule implements Rule {

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        Partition partition = facts.partition();
        List<RuleResult> results = new ArrayList<>();
        for (NodeRole role : facts.iam().nodeRoles()) {
            if (!role.use().autoModeOnly()) {
                continue;
            }
            List<String> attached = role.attachedPolicyArns();
            results.add(hasWorkerPolicy(attached, partition)
                    ? RuleResult.pass(role.subject(), shownWorkerPolicy(attached, partition) + " attached (Auto Mode)")
                    : RequiredPoliciesRule.missing(role, ManagedPolicy.WORKER_NODE_MINIMAL, partition));
            results.add(RequiredPoliciesRule.hasEcrPolicy(attached, partition)
                    ? RuleResult.pass(role.subject(), RequiredPoliciesRule.shownEcrPolicy(attached) + " attached (Auto Mode)")
                    : RequiredPoliciesRule.missing(role, ManagedPolicy.ECR_PULL_ONLY, partition));
        }
        return results;
    }

    /** The minimal worker policy, or the full one, which covers it. */
    static boolean hasWorkerPolicy(List<String> attached, Partition partition) {
        return ManagedPolicy.WORKER_NODE_MINIMAL.isAmong(attached, partition) || ManagedPolicy.WORKER_NODE.isAmong(attached, partition);
    }

    private static String shownWorkerPolicy(List<String> attached, Partition partition) {
        return (ManagedPolicy.WORKER_NODE_MINIMAL.isAmong(attached, partition) ? ManagedPolicy.WORKER_NODE_MINIMAL
                : ManagedPolicy.WORKER_NODE).policyName();
    }
}

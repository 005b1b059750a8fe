package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/**
 * The EKS reads under rules 8-12: a region whose clusters could not be listed is an account finding, a
 * cluster that could not be read a finding of that cluster, both {@code EKS_READ_FAILED} (UNKNOWN) with the
 * call and the permission that failed. Never a silent pass: the rules judge nothing they could not read.
 */
public final class ClusterReadingRule implements Rule {

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        List<RuleResult> results = new ArrayList<>();
        for (ClusterFindings.EksReadFailed failure : facts.eks().regionFailures()) {
            results.add(RuleResult.fail(Subject.account(), failure, failure.detail()));
        }
        for (ClusterFacts cluster : facts.eks().clusters()) {
            if (!cluster.readable()) {
                results.add(RuleResult.fail(cluster.subject(), cluster.failure(), cluster.failure().detail()));
            }
        }
        return results;
    }
}

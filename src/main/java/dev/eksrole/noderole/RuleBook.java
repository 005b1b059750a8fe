package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a check, in one ordered list, and the report their results make: the account's own
 * results, one report per node role and one per cluster, each with its results in the rules' order (which
 * is the order of the lines a message shows for it).
 */
public record RuleBook(List<Rule> rules) {

    public RuleBook {
        rules = List.copyOf(rules);
    }

    public AccountReport report(AccountFacts facts) {
        List<RuleResult> results = new ArrayList<>();
        rules.forEach(rule -> results.addAll(rule.evaluate(facts)));
        List<RuleResult> own = results.stream().filter(r -> r.subject().equals(Subject.account())).toList();
        List<RoleReport> roles = new ArrayList<>();
        for (NodeRole role : facts.iam().nodeRoles()) {
            roles.add(new RoleReport(role.name(), role.role().arn(), role.attachedPolicyArns(), role.role().trustDocument(),
                    results.stream().filter(r -> r.subject().equals(role.subject())).toList()));
        }
        List<ClusterReport> clusters = new ArrayList<>();
        for (ClusterFacts cluster : facts.eks().clusters()) {
            clusters.add(ClusterReport.of(cluster, results.stream()
                    .filter(r -> r.subject() instanceof Subject.Cluster c && c.isIn(cluster.region(), cluster.name()))
                    .toList()));
        }
        long placed = own.size() + roles.stream().mapToLong(r -> r.results().size()).sum()
                + clusters.stream().mapToLong(c -> c.results().size()).sum();
        if (placed != results.size()) {
            // a result about a subject no report has would vanish from every message: better to fail loudly
            throw new IllegalStateException("a rule judged a subject the account's facts do not have");
        }
        return new AccountReport(facts.account(), own, roles, clusters);
    }
}

package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rule 10: in authentication modes {@code API} and {@code API_AND_CONFIG_MAP}, each role in use needs an
 * access entry of a node type, or the cluster turns its nodes away. Without one, {@code API} mode is sure
 * to refuse them; {@code API_AND_CONFIG_MAP} may still let them in through {@code aws-auth}, which the EKS
 * API cannot show. A role Windows node groups use needs an {@code EC2_WINDOWS} entry, so one of another node type
 * is of the wrong type there. In {@code CONFIG_MAP} mode only {@code aws-auth} counts: the line says how to look at it.
 * A role that does not exist is rule 8's.
 */
public final class AccessEntryRule implements Rule {

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        List<RuleResult> results = new ArrayList<>();
        for (ClusterFacts cluster : facts.eks().clusters()) {
            for (String roleArn : cluster.rolesInUse().values()) {
                if (facts.hasRole(roleArn)) {
                    results.add(judge(cluster, roleArn));
                }
            }
        }
        return results;
    }

    private static RuleResult judge(ClusterFacts cluster, String roleArn) {
        Subject.Cluster subject = cluster.subject().about(RoleArn.nameOf(roleArn), null);
        ClusterFacts.AuthenticationMode mode = cluster.description().authenticationMode();
        if (mode == ClusterFacts.AuthenticationMode.CONFIG_MAP) {
            return RuleResult.pass(subject, "Authentication mode CONFIG_MAP: only aws-auth maps the role, and the EKS API cannot "
                    + "show it. " + ClusterFindings.AwsAuth.howToLook(roleArn));
        }
        String wanted = cluster.entryTypeFor(roleArn);
        Optional<ClusterFacts.AccessEntry> entry = cluster.accessEntry(roleArn);
        if (entry.isPresent()) {
            String type = entry.get().type();
            // Windows nodes join only through an EC2_WINDOWS entry (it maps the groups Windows nodes need); one
            // entry per role and cluster, so a Linux-type entry of a role Windows nodes use is the wrong type
            boolean wrongOs = wanted.equals("EC2_WINDOWS") && !type.equals(wanted);
            if (entry.get().nodeType() && !wrongOs) {
                return RuleResult.pass(subject, "Access entry of type " + type);
            }
            Finding wrong = new ClusterFindings.AccessEntryWrongType(cluster.name(), entry.get(), wanted);
            return RuleResult.fail(subject, wrong, "Access entry of type " + type
                    + (wrongOs ? ", not EC2_WINDOWS as its Windows nodes need" : ", not a node type"));
        }
        Finding none = mode == ClusterFacts.AuthenticationMode.API
                ? new ClusterFindings.NodeRoleNotMapped(roleArn, cluster.name(), wanted)
                : new ClusterFindings.NodeRoleMappingUnverified(roleArn, cluster.name(), wanted);
        return RuleResult.fail(subject, none, none.detail());
    }
}

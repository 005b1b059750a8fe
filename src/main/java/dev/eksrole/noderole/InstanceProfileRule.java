package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 7: nodes get their role through an instance profile, and the console's EC2 use case makes one of
 * the role's name. A node role no instance profile holds cannot launch self-managed nodes. A role EKS
 * uses for a managed node group or Auto Mode is exempt: EKS makes its own profile for those. Judged only
 * where clusters are checked, since the exemption needs them, and a role without a profile only when
 * every cluster was read.
 */
public final class InstanceProfileRule implements Rule {

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        List<RuleResult> results = new ArrayList<>();
        for (NodeRole role : facts.iam().nodeRoles()) {
            InstanceProfiles profiles = role.instanceProfiles();
            if (profiles instanceof InstanceProfiles.Unreadable unreadable) {
                results.add(RuleResult.fail(role.subject(), unreadable.failure(),
                        "Instance profiles could not be read: " + unreadable.failure().detail()));
            } else if (profiles instanceof InstanceProfiles.Listed listed) {
                if (listed.names().isEmpty() && !role.use().instanceProfileMadeByEks() && !facts.eks().complete()) {
                    // a cluster that could not be read may use the role for a managed node group: not judged
                    continue;
                }
                results.add(judge(role, listed.names()));
            }
        }
        return results;
    }

    private static RuleResult judge(NodeRole role, List<String> profiles) {
        if (!profiles.isEmpty()) {
            return RuleResult.pass(role.subject(), "In instance profile" + (profiles.size() == 1 ? " " : "s ") + String.join(", ", profiles));
        }
        if (role.use().instanceProfileMadeByEks()) {
            return RuleResult.pass(role.subject(), "No instance profile needed: EKS makes its own for "
                    + (role.use().managedNodegroups() ? "managed node groups" : "Auto Mode"));
        }
        Finding none = new ClusterFindings.NoInstanceProfile(role.name());
        return RuleResult.fail(role.subject(), none, "No instance profile holds the role");
    }
}

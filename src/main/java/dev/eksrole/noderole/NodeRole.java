package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A node role as IAM gave it: the role with its trust, the ARNs of the managed policies attached to it,
 * how it is known to be a node role, and the instance profiles that hold it.
 */
public record NodeRole(IamRole role, List<String> attachedPolicyArns, RoleUse use, InstanceProfiles instanceProfiles) {

    public NodeRole {
        requireNonNull(role, "role");
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        requireNonNull(use, "use");
        requireNonNull(instanceProfiles, "instanceProfiles");
    }

    /** A role found by its name or worker policy, its instance profiles not read. */
    public NodeRole(IamRole role, List<String> attachedPolicyArns) {
        this(role, attachedPolicyArns, RoleUse.NAMED, InstanceProfiles.notRead());
    }

    public String name() {
        return role.name();
    }

    /** The subject of a rule's result about this role. */
    public Subject subject() {
        return Subject.role(role.name());
    }
}

package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A node role as IAM gave it: the role with its trust, and the ARNs of the managed policies attached to it. */
public record NodeRole(IamRole role, List<String> attachedPolicyArns) {

    public NodeRole {
        requireNonNull(role, "role");
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
    }

    public String name() {
        return role.name();
    }

    /** The subject of a rule's result about this role. */
    public Subject subject() {
        return Subject.role(role.name());
    }
}

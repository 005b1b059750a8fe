package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A fix for one account: the IAM calls it will make, in order.
 *
 * @param roleName the role concerned, or {@code null} for an account-wide plan (create, fix all)
 * @param policyArn the policy concerned for attach and detach plans, else {@code null}
 */
public record FixPlan(FixKind kind, String accountId, Partition partition, String roleName, String policyArn,
        List<PlanStep> steps) {

    public FixPlan {
        requireNonNull(kind, "kind");
        requireNonNull(accountId, "accountId");
        requireNonNull(partition, "partition");
        steps = List.copyOf(steps);
    }

    /**
     * What the plan is for, independent of its steps: a re-check that yields a plan with the same key
     * but other steps means the account changed since this plan was made.
     */
    public String key() {
        return kind + "|" + (roleName == null ? "" : roleName) + "|" + (policyArn == null ? "" : policyArn);
    }

    public String title() {
        return switch (kind) {
            case CREATE_ROLE -> "Create the node role " + steps.get(0).roleName();
            case ATTACH_POLICY -> "Attach " + policyName() + " to " + roleName;
            case REPLACE_TRUST -> "Replace the trust of " + roleName + " with the documented one";
            case DETACH_CNI_POLICY -> "Detach AmazonEKS_CNI_Policy from " + roleName;
            case FIX_ALL -> "Fix everything (" + steps.size() + " IAM call" + (steps.size() == 1 ? "" : "s") + ")";
        };
    }

    private String policyName() {
        return policyArn.substring(policyArn.lastIndexOf('/') + 1);
    }
}

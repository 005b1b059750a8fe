package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fix for one account: the IAM calls it will make, in order.
 *
 * @param roleName the role concerned, or {@code null} for an account-wide plan (create, fix all)
 * @param policyArn the policy concerned for attach and detach plans, else {@code null}
 * @param batch which part of a larger fix-all plan this is, or {@code null} for a whole plan
 */
public record FixPlan(FixKind kind, String accountId, Partition partition, String roleName, String policyArn,
        List<PlanStep> steps, Batch batch) {

    /**
     * One of the parts a fix-all plan is split into when it is too big to show in one approval request;
     * each part holds whole roles and is approved and applied on its own.
     */
    public record Batch(int number, int of) {
        public Batch {
            if (number < 1 || number > of) {
                throw new IllegalArgumentException("batch " + number + " of " + of);
            }
        }

        @Override
        public String toString() {
            return "batch " + number + " of " + of;
        }
    }

    public FixPlan {
        requireNonNull(kind, "kind");
        requireNonNull(accountId, "accountId");
        requireNonNull(partition, "partition");
        steps = List.copyOf(steps);
        if (batch != null && kind != FixKind.FIX_ALL) {
            throw new IllegalArgumentException("only a fix-all plan comes in batches");
        }
    }

    public FixPlan(FixKind kind, String accountId, Partition partition, String roleName, String policyArn, List<PlanStep> steps) {
        this(kind, accountId, partition, roleName, policyArn, steps, null);
    }

    /**
     * What the plan is for, independent of its steps: a re-check that yields a plan with the same key
     * but other steps means the account changed since this plan was made.
     */
    public String key() {
        return kind + "|" + (roleName == null ? "" : roleName) + "|" + (policyArn == null ? "" : policyArn)
                + cluster().map(c -> "|" + c).orElse("");
    }

    /** {@code eu-west-1/prod}: the cluster an access entry plan is about. */
    public java.util.Optional<String> cluster() {
        if (kind != FixKind.CREATE_ACCESS_ENTRY && kind != FixKind.REPLACE_ACCESS_ENTRY) {
            return java.util.Optional.empty();
        }
        return entryCreated().map(entry -> entry.region() + "/" + entry.clusterName());
    }

    public String title() {
        return switch (kind) {
            case CREATE_ROLE -> "Create the node role " + steps.get(0).roleName();
            case ATTACH_POLICY -> "Attach " + policyName() + " to " + roleName;
            case REPLACE_TRUST -> "Replace the trust of " + roleName + " with the documented one";
            case DETACH_CNI_POLICY -> "Detach AmazonEKS_CNI_Policy from " + roleName;
            case CREATE_INSTANCE_PROFILE -> "Create the instance profile " + roleName + " with the role " + roleName;
            case CREATE_CLUSTER_NODE_ROLE -> "Create the node role " + roleName + " that a cluster uses";
            case CREATE_ACCESS_ENTRY -> "Create " + entryTypeCreated() + " access entry for " + roleName + " in " + cluster().orElse("");
            case REPLACE_ACCESS_ENTRY -> "Replace the access entry of " + roleName + " in " + cluster().orElse("") + " with "
                    + entryTypeCreated() + " one";
            case FIX_ALL -> "Fix everything" + (batch == null ? "" : ", " + batch) + " (" + steps.size() + " IAM call"
                    + (steps.size() == 1 ? "" : "s") + (batch == null ? "" : " for " + roleGroups().size() + " role"
                    + (roleGroups().size() == 1 ? "" : "s")) + ")";
        };
    }

    /** The steps role by role, each role's steps together and in their order, roles in the order they first come. */
    public List<List<PlanStep>> roleGroups() {
        Map<String, List<PlanStep>> groups = new LinkedHashMap<>();
        for (PlanStep step : steps) {
            groups.computeIfAbsent(step.roleName(), role -> new ArrayList<>()).add(step);
        }
        return groups.values().stream().map(List::copyOf).toList();
    }

    /** Part of this fix-all plan: the given steps (whole roles of it), as batch {@code batch}. */
    public FixPlan batch(List<PlanStep> batchSteps, Batch batch) {
        requireNonNull(batch, "batch");
        return new FixPlan(kind, accountId, partition, roleName, policyArn, batchSteps, batch);
    }

    /** "an EC2_LINUX" */
    private String entryTypeCreated() {
        String type = entryCreated().map(PlanStep.CreateAccessEntry::type).orElse("node");
        return (type.startsWith("E") ? "an " : "a ") + type;
    }

    /** The plan's first access entry creation, if it has one. */
    private java.util.Optional<PlanStep.CreateAccessEntry> entryCreated() {
        return steps.stream().filter(s -> s instanceof PlanStep.CreateAccessEntry).map(s -> (PlanStep.CreateAccessEntry) s).findFirst();
    }

    private String policyName() {
        return policyArn.substring(policyArn.lastIndexOf('/') + 1);
    }
}

package dev.eksrole.slack;

import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.PlanStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Splits a fix-all plan too big for one approval request into batches that each fit: roles in plan
 * order, each role's steps together and in order (a role is created before its policies are attached),
 * as many roles to a batch as fit. An approver then sees every call of the batch that Approve will make.
 */
final class PlanBatches {

    private PlanBatches() {}

    /**
     * The plan itself when it fits or is not a fix-all, else its batches, numbered. A role whose steps do
     * not fit even alone (which Block Kit's limits make impossible for the steps eksrole plans) is a batch
     * of its own all the same.
     */
    static List<FixPlan> split(FixPlan plan, Predicate<FixPlan> fits) {
        if (plan.kind() != FixKind.FIX_ALL || fits.test(plan)) {
            return List.of(plan);
        }
        List<List<PlanStep>> groups = plan.roleGroups();
        // measured with the widest batch number the split can give, so that the final titles are no longer
        FixPlan.Batch widest = new FixPlan.Batch(groups.size(), groups.size());
        List<List<PlanStep>> batches = new ArrayList<>();
        List<PlanStep> current = new ArrayList<>();
        for (List<PlanStep> group : groups) {
            List<PlanStep> candidate = new ArrayList<>(current);
            candidate.addAll(group);
            if (current.isEmpty() || fits.test(plan.batch(candidate, widest))) {
                current = candidate;
            } else {
                batches.add(current);
                current = new ArrayList<>(group);
            }
        }
        batches.add(current);
        List<FixPlan> plans = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            plans.add(plan.batch(batches.get(i), new FixPlan.Batch(i + 1, batches.size())));
        }
        return List.copyOf(plans);
    }
}

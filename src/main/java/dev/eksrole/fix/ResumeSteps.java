package dev.eksrole.fix;

import dev.eksrole.store.PlanCodec;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.StepKind;
import dev.eksrole.noderole.StepResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What resuming a fix that stopped part-way runs, judged again on the account as it is now, and how its result reads. */
final class ResumeSteps {

    private ResumeSteps() {}

    /**
     * The approved steps not done yet that a fresh check still asks for; empty when a fresh check asks for
     * one of them in another form (the account or config changed since approval), so nothing more is applied.
     *
     * The instance profile of a role the plan creates is part of creating it (as in the console), so its steps
     * run even when a fresh check does not ask for them: rule 7 is not judged without the clusters (no regions,
     * or some not read), and does not ask for a profile for a role EKS uses. The writer makes them safe to
     * repeat (a profile already there at that path, already holding the role, is done).
     *
     * @param resultJson the stored result of the earlier apply, or {@code null}
     * @param freshOffers the plans a fresh check of the account offers
     */
    static Optional<List<PlanStep>> toRun(FixPlan plan, String resultJson, List<FixPlan> freshOffers) {
        Set<PlanStep> needed = new HashSet<>();
        freshOffers.forEach(p -> needed.addAll(p.steps()));
        Set<PlanStep> done = new HashSet<>();
        if (resultJson != null) {
            PlanCodec.decodeResult(resultJson).steps().stream().filter(r -> r.status().succeeded()).forEach(r -> done.add(r.step()));
        }
        // roles this plan created, or still creates: not one someone else made meanwhile
        Set<String> created = new HashSet<>();
        plan.steps().stream().filter(step -> step.kind() == StepKind.CREATE_ROLE && (done.contains(step) || needed.contains(step)))
                .forEach(step -> created.add(step.roleName()));
        plan.steps().stream().filter(step -> (step.kind() == StepKind.CREATE_INSTANCE_PROFILE
                || step.kind() == StepKind.ADD_ROLE_TO_INSTANCE_PROFILE) && created.contains(step.roleName())).forEach(needed::add);
        List<PlanStep> remaining = plan.steps().stream().filter(step -> !done.contains(step)).toList();
        boolean changed = remaining.stream().anyMatch(step -> !needed.contains(step)
                && needed.stream().anyMatch(fresh -> sameTarget(step, fresh)));
        return changed ? Optional.empty() : Optional.of(remaining.stream().filter(needed::contains).toList());
    }

    /** A resumed plan's result: earlier results for steps done before, and a word for steps no longer needed. */
    static ApplyResult withSkipped(FixPlan plan, String resultJson, ApplyResult ran) {
        List<StepResult> earlier = resultJson == null ? List.of() : PlanCodec.decodeResult(resultJson).steps();
        List<StepResult> all = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            Optional<StepResult> now = ran.steps().stream().filter(r -> r.step().equals(step)).findFirst();
            Optional<StepResult> before = earlier.stream().filter(r -> r.step().equals(step) && r.status().succeeded()).findFirst();
            all.add(now.or(() -> before).orElse(new StepResult(step, StepResult.Status.ALREADY_DONE,
                    "not needed any more on a fresh check; nothing changed")));
        }
        return new ApplyResult(all);
    }

    /**
     * Whether a fresh check asks for the same thing in another form: the trust of the same role against
     * another current trust, a role to create under other settings, or the other ECR policy for the role.
     */
    private static boolean sameTarget(PlanStep approved, PlanStep fresh) {
        if (approved.kind() != fresh.kind()) {
            return false;
        }
        return switch (approved.kind()) {
            case REPLACE_TRUST -> approved.roleName().equals(fresh.roleName());
            case CREATE_ROLE -> true;
            case ATTACH_POLICY -> approved.roleName().equals(fresh.roleName())
                    && isEcr(((PlanStep.AttachPolicy) approved).policyArn()) && isEcr(((PlanStep.AttachPolicy) fresh).policyArn());
            case DETACH_POLICY -> false;
            case CREATE_INSTANCE_PROFILE, ADD_ROLE_TO_INSTANCE_PROFILE -> approved.roleName().equals(fresh.roleName());
            // the same cluster and principal asked for with another entry type or, for a delete, another old entry
            case CREATE_ACCESS_ENTRY -> sameEntry(((PlanStep.CreateAccessEntry) approved).region(), ((PlanStep.CreateAccessEntry) approved)
                    .clusterName(), ((PlanStep.CreateAccessEntry) approved).principalArn(), ((PlanStep.CreateAccessEntry) fresh).region(),
                    ((PlanStep.CreateAccessEntry) fresh).clusterName(), ((PlanStep.CreateAccessEntry) fresh).principalArn());
            case DELETE_ACCESS_ENTRY -> sameEntry(((PlanStep.DeleteAccessEntry) approved).region(), ((PlanStep.DeleteAccessEntry) approved)
                    .clusterName(), ((PlanStep.DeleteAccessEntry) approved).principalArn(), ((PlanStep.DeleteAccessEntry) fresh).region(),
                    ((PlanStep.DeleteAccessEntry) fresh).clusterName(), ((PlanStep.DeleteAccessEntry) fresh).principalArn());
        };
    }

    private static boolean sameEntry(String region, String cluster, String principal, String freshRegion, String freshCluster,
            String freshPrincipal) {
        return region.equals(freshRegion) && cluster.equals(freshCluster) && principal.equalsIgnoreCase(freshPrincipal);
    }

    private static boolean isEcr(String policyArn) {
        return policyArn.endsWith("/" + ManagedPolicy.ECR_READ_ONLY.policyName())
                || policyArn.endsWith("/" + ManagedPolicy.ECR_PULL_ONLY.policyName());
    }
}

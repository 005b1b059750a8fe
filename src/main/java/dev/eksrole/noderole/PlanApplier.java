package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a plan's steps in order and stops at the first failure, so the result says exactly what
 * was done and what was not; the steps are idempotent, so running the plan again resumes it.
 */
public final class PlanApplier {

    /** Told of every IAM call, for the audit trail. */
    public interface StepListener {
        void stepFinished(StepResult result);
    }

    public ApplyResult apply(List<PlanStep> steps, AccountWriter writer, StepListener listener) {
        List<StepResult> results = new ArrayList<>();
        boolean failed = false;
        for (PlanStep step : steps) {
            StepResult result;
            if (failed) {
                result = new StepResult(step, StepResult.Status.NOT_RUN, "not run: an earlier step failed");
            } else {
                try {
                    AccountWriter.Outcome outcome = writer.apply(step);
                    result = outcome == AccountWriter.Outcome.DONE
                            ? new StepResult(step, StepResult.Status.DONE, "done")
                            : new StepResult(step, StepResult.Status.ALREADY_DONE, "already so; nothing changed");
                } catch (IamWriteException e) {
                    failed = true;
                    result = new StepResult(step, StepResult.Status.FAILED, e.errorCode() + ": " + e.getMessage());
                }
                listener.stepFinished(result);
            }
            results.add(result);
        }
        return new ApplyResult(results);
    }
}

package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/** What became of one step of a plan. */
public record StepResult(PlanStep step, Status status, String message) {

    public enum Status {
        DONE, ALREADY_DONE, FAILED, NOT_RUN;

        public boolean succeeded() {
            return this == DONE || this == ALREADY_DONE;
        }
    }

    public StepResult {
        requireNonNull(step, "step");
        requireNonNull(status, "status");
    }
}

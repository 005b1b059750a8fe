package dev.eksrole.noderole;

import java.util.List;

/** The outcome of applying a plan, step by step, honest about what was and was not done. */
public record ApplyResult(List<StepResult> steps) {

    public ApplyResult {
        steps = List.copyOf(steps);
    }

    public boolean complete() {
        return steps.stream().allMatch(s -> s.status().succeeded());
    }
}

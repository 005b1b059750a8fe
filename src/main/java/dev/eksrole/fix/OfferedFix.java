package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.FixPlan;

/** A fix offered under a check result: its stored plan's id (all the button carries) and the plan. */
public record OfferedFix(String planId, FixPlan plan) {
    public OfferedFix {
        requireNonNull(planId, "planId");
        requireNonNull(plan, "plan");
    }
}

package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.FixPlan;
import java.time.Instant;

/**
 * A plan waiting for approval that a front end is to show: once shown, it tells the workflow where
 * ({@link FixWorkflow#requestShown}), or that it could not be shown ({@link FixWorkflow#requestNotShown}).
 */
public record ApprovalRequest(String planId, FixPlan plan, String requestedBy, Instant expiresAt) {

    public ApprovalRequest {
        requireNonNull(planId, "planId");
        requireNonNull(plan, "plan");
        requireNonNull(requestedBy, "requestedBy");
        requireNonNull(expiresAt, "expiresAt");
    }
}

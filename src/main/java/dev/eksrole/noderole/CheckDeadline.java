package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long one check may take, AssumeRole included. Past it the check answers UNKNOWN and says what
 * was slow: someone on call is waiting, and a half-read account must not become a verdict.
 */
public record CheckDeadline(Duration budget) {
    public CheckDeadline {
        requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a check deadline must be positive: " + budget);
        }
    }
}

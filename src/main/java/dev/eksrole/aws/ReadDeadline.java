package dev.eksrole.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * When a check's reading must be done by: the SDK's call timeouts are cut to what is left, so a
 * hanging connection or a trickling answer ends the check on time instead of after a minute.
 */
final class ReadDeadline {

    /** One HTTP attempt never waits longer than this, so a stalled connection leaves time for a retry. */
    static final Duration MAX_ATTEMPT = Duration.ofSeconds(10);

    private final Duration budget;
    private final long endsAtNanos;

    private ReadDeadline(Duration budget, long startNanos) {
        this.budget = budget;
        this.endsAtNanos = startNanos + budget.toNanos();
    }

    static ReadDeadline startingNow(Duration budget) {
        return new ReadDeadline(budget, System.nanoTime());
    }

    Duration budget() {
        return budget;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endsAtNanos - System.nanoTime()));
    }

    boolean passed() {
        return remaining().isZero();
    }

    /** The timeout of one attempt when this much is left. */
    Duration attemptTimeout() {
        Duration left = remaining();
        return left.compareTo(MAX_ATTEMPT) < 0 ? left : MAX_ATTEMPT;
    }

    /** A request's SDK timeouts: the whole call within what is left, one attempt within {@link #attemptTimeout()}. */
    AwsRequestOverrideConfiguration requestTimeouts() {
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(remaining())
                .apiCallAttemptTimeout(attemptTimeout())
                .build();
    }

    /** "the check's 20 s deadline" */
    String describe() {
        return "the check's " + budget.toSeconds() + " s deadline";
    }
}

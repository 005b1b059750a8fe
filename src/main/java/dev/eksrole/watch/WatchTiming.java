package dev.eksrole.watch;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * How the watch keeps time: how often each replica looks whether a round is due, how long a replica's claim on a
 * round lasts unless renewed, and the clock it reads (tests move it instead of waiting hours).
 *
 * @param lookEvery how often a replica looks whether a round is due, and renews its lease during a round
 * @param lease how long the lease on a round lasts without a renewal: a replica that dies mid-round is replaced after it
 * @param retryAfter how long after a failed round the next one is tried, so a failing store or AWS is not hammered
 */
public record WatchTiming(Duration lookEvery, Duration lease, Duration retryAfter, Clock clock) {

    /**
     * A round is due at most 15 s before it starts; a lease of 2 minutes is eight missed renewals, and a dead
     * replica's round is taken over within about 2 minutes.
     */
    public static final WatchTiming DEFAULT = new WatchTiming(Duration.ofSeconds(15), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Clock.systemUTC());

    public WatchTiming {
        requireNonNull(lookEvery, "lookEvery");
        requireNonNull(lease, "lease");
        requireNonNull(retryAfter, "retryAfter");
        requireNonNull(clock, "clock");
        if (lookEvery.isNegative() || lookEvery.isZero() || retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("the watch's intervals must be positive");
        }
        if (lease.compareTo(lookEvery.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a lease renewed every " + lookEvery + " must last at least twice that, not " + lease);
        }
    }
}

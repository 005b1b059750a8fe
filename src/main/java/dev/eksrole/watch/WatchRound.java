package dev.eksrole.watch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One finished round: when it started, how long it took, how many accounts it scanned, and a line per change it
 * posted (none when nothing changed).
 */
public record WatchRound(Instant startedAt, Duration took, int accounts, List<String> changes) {

    public WatchRound {
        requireNonNull(startedAt, "startedAt");
        requireNonNull(took, "took");
        changes = List.copyOf(changes);
    }
}

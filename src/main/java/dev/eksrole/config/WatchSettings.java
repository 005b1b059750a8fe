package dev.eksrole.config;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.Account;
import java.time.Duration;
import java.util.List;

/**
 * The drift watch: how often it scans, the channel it posts changes to, and the accounts it scans.
 *
 * @param enabled whether the config has a {@code watch:} section; without one nothing runs
 * @param accounts the accounts each round scans, in config order; every configured account unless the section names some
 */
public record WatchSettings(boolean enabled, Duration every, String channel, List<Account> accounts) {

    /** No {@code watch:} in the config. */
    public static final WatchSettings OFF = new WatchSettings(false, Duration.ofHours(6), "", List.of());

    public WatchSettings {
        requireNonNull(every, "every");
        requireNonNull(channel, "channel");
        accounts = List.copyOf(accounts);
    }
}

package dev.eksrole.config;

import dev.eksrole.noderole.Account;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code watch:} section: the drift watch that scans on a schedule and posts what changed. Absent, it is off.
 * Its accounts must be configured ones, named as {@code /eksrole check} takes them, so a typo says "did you mean".
 */
final class WatchSection {

    static final String KEY = "watch";
    static final List<String> KEYS = List.of("every", "channel", "accounts");
    static final Duration DEFAULT_EVERY = Duration.ofHours(6);
    /** More often would be a scan loop, not a watch: each round assumes a role in every account and reads IAM. */
    static final Duration MIN_EVERY = Duration.ofMinutes(5);
    static final Duration MAX_EVERY = Duration.ofDays(7);
    /** A public (C…) or private (G…) channel, as Slack shows it under the channel's details. */
    private static final Pattern CHANNEL = Pattern.compile("[CG][A-Z0-9]{2,31}");

    private WatchSection() {}

    static WatchSettings parse(ConfigNode node, List<Account> configured) throws ConfigException {
        if (node.isMissing()) {
            return WatchSettings.OFF;
        }
        node.allowOnly(KEYS);
        Duration every = node.duration("every", DEFAULT_EVERY, MAX_EVERY, "a drift left for a week is not being watched");
        if (every.compareTo(MIN_EVERY) < 0) {
            throw new ConfigException(node.path("every"), "at least 5 minutes (5m): each round checks every watched account");
        }
        String channel = node.string("channel", null, CHANNEL, "a Slack channel id such as C0123456789 (the channel's "
                + "details show it; a channel name is not an id)");
        if (channel == null) {
            throw new ConfigException(node.path("channel"), "missing; name the Slack channel id the watch posts to, e.g. "
                    + "channel: C0123456789, and invite the bot there");
        }
        List<String> named = node.strings("accounts", null, null);
        if (named.isEmpty()) {
            if (node.json().has("accounts")) {
                throw new ConfigException(node.path("accounts"), "is empty; name the accounts to watch, or leave accounts out "
                        + "to watch every configured account");
            }
            return new WatchSettings(true, every, channel, configured);
        }
        AccountDirectory directory = new AccountDirectory(configured);
        Set<Account> accounts = new LinkedHashSet<>();
        for (int i = 0; i < named.size(); i++) {
            String where = node.path("accounts") + "[" + i + "]";
            Account account;
            try {
                account = directory.resolve(named.get(i));
            } catch (UnknownAccountException e) {
                throw new ConfigException(where, e.getMessage());
            }
            if (!accounts.add(account)) {
                throw new ConfigException(where, account.label() + " is listed twice");
            }
        }
        // config order, not the watch list's: rounds and their posts read like the rest of eksrole
        List<Account> ordered = new ArrayList<>(configured);
        ordered.retainAll(accounts);
        return new WatchSettings(true, every, channel, ordered);
    }
}

package dev.eksrole.slack;

import dev.eksrole.Version;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.Account;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The one line the bot logs as it starts, and the one as it stops: what an operator checks first in a log. */
final class ServeSummary {

    /** Names beyond this many are counted, not listed: an organisation may configure hundreds of accounts. */
    static final int MAX_NAMES = 10;

    private ServeSummary() {}

    static String started(SlackSettings settings, int port, List<Account> accounts, EksroleConfig.Store store) {
        String mode = settings.socketMode() ? "Socket Mode (health on port " + port + ")" : "HTTP mode on port " + port;
        return "eksrole " + Version.current() + " serving Slack in " + mode + "; " + accounts.size() + " account"
                + (accounts.size() == 1 ? "" : "s") + " (" + names(accounts) + "); store " + store.kind();
    }

    /** {@code prod-eu, staging}: the accounts' names, the first {@value #MAX_NAMES} listed and the rest counted. */
    static String names(List<Account> accounts) {
        return accounts.stream().limit(MAX_NAMES).map(Account::name).collect(Collectors.joining(", "))
                + (accounts.size() > MAX_NAMES ? " and " + (accounts.size() - MAX_NAMES) + " more" : "");
    }

    static String stopped(Duration uptime) {
        return "eksrole " + Version.current() + " stopped after " + uptime.toSeconds() / 3600 + "h " + uptime.toMinutesPart() + "m "
                + uptime.toSecondsPart() + "s; running checks and fixes finished first";
    }
}

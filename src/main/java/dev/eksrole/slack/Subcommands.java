package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.bolt.response.Response;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.noderole.Account;
import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.AuditLog;
import dev.eksrole.watch.DriftWatch;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The verbs of {@code /eksrole}, in the order help lists them; a new verb is one more entry here. */
final class Subcommands {

    static final int HISTORY_LINES = 15;

    static final Subcommand CHECK = new Subcommand("check", "<account>", "check one account, by its 12-digit id or its "
            + "name; fixes are offered under the result and need a second person's approval", Subcommands::check);
    static final Subcommand SCAN = new Subcommand("scan", "", "check every configured account, with live progress",
            Subcommands::scan);
    static final Subcommand HISTORY = new Subcommand("history", "<account>",
            "the newest checks, plans, approvals and IAM calls", Subcommands::history);
    static final Subcommand WATCH = new Subcommand("watch", "", "the drift watch: its schedule, its last round and what "
            + "changed, and its next round", Subcommands::watch);
    static final Subcommand HELP = new Subcommand("help", "", "this message",
            asked -> asked.show(HelpMessages.help(asked.command(), asked.services().accounts().all())));

    static final List<Subcommand> ALL = List.of(CHECK, SCAN, HISTORY, WATCH, HELP);

    private static final Mrkdwn BUSY = Mrkdwn.of("eksrole is busy with other checks right now; try again in a minute.");

    private Subcommands() {}

    /** What the verbs work with. */
    record Services(AccountDirectory accounts, CheckExecutor executor, SlackCheck check, SlackScan scan, AuditLog audit,
            DriftWatch watch) {
        Services {
            requireNonNull(watch, "watch");
            requireNonNull(accounts, "accounts");
            requireNonNull(executor, "executor");
            requireNonNull(check, "check");
            requireNonNull(scan, "scan");
            requireNonNull(audit, "audit");
        }
    }

    /** The verb {@code /eksrole <verb> ...} asks for: none is help, one eksrole does not know is empty. */
    static Optional<Subcommand> of(String text) {
        String stripped = text == null ? "" : text.strip();
        return stripped.isEmpty() ? Optional.of(HELP) : named(stripped.split("\\s+", 2)[0]);
    }

    /** The verb named by {@code word}, whatever its case. */
    static Optional<Subcommand> named(String word) {
        String name = word.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(subcommand -> subcommand.name().equals(name)).findFirst();
    }

    private static Response check(Asked asked) {
        if (asked.argumentCount() != 1) {
            return asked.usage(asked.argumentCount() == 0
                    ? Mrkdwn.of("Which account? Name one.") : Mrkdwn.of("Check one account at a time."));
        }
        Services services = asked.services();
        Account account;
        try {
            account = services.accounts().resolve(asked.argument());
        } catch (UnknownAccountException e) {
            return asked.reply(Mrkdwn.text(e.getMessage()));
        }
        String userId = asked.payload().getUserId();
        String channelId = asked.payload().getChannelId();
        String responseUrl = asked.payload().getResponseUrl();
        if (!services.executor().submit(() -> services.check().run(account, userId, channelId, responseUrl))) {
            return asked.reply(BUSY);
        }
        return asked.reply(Mrkdwn.of("Checking {}…", account.label()));
    }

    private static Response scan(Asked asked) {
        if (asked.argumentCount() != 0) {
            return asked.usage(Mrkdwn.of("`scan` checks every account; it takes no argument."));
        }
        Services services = asked.services();
        String userId = asked.payload().getUserId();
        String channelId = asked.payload().getChannelId();
        String responseUrl = asked.payload().getResponseUrl();
        if (!services.executor().submit(() -> services.scan().run(userId, channelId, responseUrl))) {
            return asked.reply(BUSY);
        }
        int count = services.accounts().all().size();
        return asked.reply(Mrkdwn.of("Scanning {} account" + (count == 1 ? "" : "s") + "…", count));
    }

    private static Response history(Asked asked) {
        if (asked.argumentCount() != 1) {
            return asked.usage(Mrkdwn.of("Whose history? Name one account."));
        }
        Services services = asked.services();
        try {
            if (asked.argument().equals(AuditEntry.NO_ACCOUNT)) {
                return asked.show(HelpMessages.refusals(services.audit().recent(AuditEntry.NO_ACCOUNT, HISTORY_LINES)));
            }
            Account account = services.accounts().resolve(asked.argument());
            return asked.show(HelpMessages.history(account, services.audit().recent(account.id(), HISTORY_LINES)));
        } catch (UnknownAccountException e) {
            return asked.reply(Mrkdwn.text(e.getMessage()));
        } catch (RuntimeException e) {
            return asked.reply(Mrkdwn.of("The history is not available right now (the store did not answer). Try again shortly."));
        }
    }

    private static Response watch(Asked asked) {
        if (asked.argumentCount() != 0) {
            return asked.usage(Mrkdwn.of("`watch` shows the drift watch; it takes no argument."));
        }
        DriftWatch watch = asked.services().watch();
        if (!watch.settings().enabled()) {
            return asked.show(WatchMessageBuilder.off(Mrkdwn.text(asked.command())));
        }
        try {
            return asked.show(WatchMessageBuilder.status(watch.settings(), watch.state(), watch.now()));
        } catch (RuntimeException e) {
            return asked.reply(Mrkdwn.of("The drift watch's state is not available right now (the store did not answer). Try again shortly."));
        }
    }
}

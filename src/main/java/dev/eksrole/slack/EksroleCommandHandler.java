package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.AuditLog;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.noderole.Account;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * {@code /eksrole}: acknowledges at once (Slack allows 3 seconds) and leaves the AWS work to the
 * {@link CheckExecutor}. Everything the asker typed wrong is answered only to them.
 */
public final class EksroleCommandHandler implements SlashCommandHandler {

    static final int HISTORY_LINES = 15;

    private final AccountDirectory accounts;
    private final CheckExecutor executor;
    private final SlackCheck check;
    private final AuditLog audit;
    private final SlackScan scan;

    @Inject
    public EksroleCommandHandler(AccountDirectory accounts, CheckExecutor executor, SlackCheck check, AuditLog audit, SlackScan scan) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.executor = requireNonNull(executor, "executor");
        this.check = requireNonNull(check, "check");
        this.audit = requireNonNull(audit, "audit");
        this.scan = requireNonNull(scan, "scan");
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext context) {
        SlashCommandPayload payload = request.getPayload();
        String command = payload.getCommand() == null ? SlackIds.COMMAND : payload.getCommand();
        String[] words = payload.getText() == null ? new String[0] : payload.getText().strip().split("\\s+");
        String verb = words.length == 0 ? "" : words[0].toLowerCase(Locale.ROOT);
        switch (verb) {
            case "", "help" -> {
                SlackMessage help = HelpMessages.help(command, accounts.all());
                return context.ack(r -> r.responseType("ephemeral").text(help.text()).blocks(help.blocks()));
            }
            case "check" -> {
                if (words.length != 2) {
                    return ack(context, HelpMessages.usage(command, words.length < 2
                            ? Mrkdwn.of("Which account? Name one.") : Mrkdwn.of("Check one account at a time.")));
                }
                Account account;
                try {
                    account = accounts.resolve(words[1]);
                } catch (UnknownAccountException e) {
                    return ack(context, Mrkdwn.text(e.getMessage()));
                }
                String userId = payload.getUserId();
                String channelId = payload.getChannelId();
                String responseUrl = payload.getResponseUrl();
                boolean accepted = executor.submit(() -> check.run(account, userId, channelId, responseUrl));
                if (!accepted) {
                    return ack(context, Mrkdwn.of("eksrole is busy with other checks right now; try again in a minute."));
                }
                return ack(context, Mrkdwn.of("Checking {}…", account.label()));
            }
            case "scan" -> {
                if (words.length != 1) {
                    return ack(context, HelpMessages.usage(command, Mrkdwn.of("`scan` checks every account; it takes no argument.")));
                }
                String userId = payload.getUserId();
                String channelId = payload.getChannelId();
                String responseUrl = payload.getResponseUrl();
                if (!executor.submit(() -> scan.run(userId, channelId, responseUrl))) {
                    return ack(context, Mrkdwn.of("eksrole is busy with other checks right now; try again in a minute."));
                }
                int count = accounts.all().size();
                return ack(context, Mrkdwn.of("Scanning {} account" + (count == 1 ? "" : "s") + "…", count));
            }
            case "history" -> {
                if (words.length != 2) {
                    return ack(context, HelpMessages.usage(command, Mrkdwn.of("Whose history? Name one account.")));
                }
                try {
                    if (words[1].equals(AuditEntry.NO_ACCOUNT)) {
                        SlackMessage refusals = HelpMessages.refusals(audit.recent(AuditEntry.NO_ACCOUNT, HISTORY_LINES));
                        return context.ack(r -> r.responseType("ephemeral").text(refusals.text()).blocks(refusals.blocks()));
                    }
                    Account account = accounts.resolve(words[1]);
                    SlackMessage history = HelpMessages.history(account, audit.recent(account.id(), HISTORY_LINES));
                    return context.ack(r -> r.responseType("ephemeral").text(history.text()).blocks(history.blocks()));
                } catch (UnknownAccountException e) {
                    return ack(context, Mrkdwn.text(e.getMessage()));
                } catch (RuntimeException e) {
                    return ack(context, Mrkdwn.of("The history is not available right now (the store did not answer). Try again shortly."));
                }
            }
            default -> {
                return ack(context, HelpMessages.usage(command, Mrkdwn.of("I don't know {}.", Mrkdwn.echo(words[0]))));
            }
        }
    }

    /** The asker's answer: mrkdwn, so what they typed is in it only escaped. */
    private static Response ack(SlashCommandContext context, Mrkdwn text) {
        return context.ack(text.text());
    }
}

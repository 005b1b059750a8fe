package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;

import dev.eksrole.store.AuditEntry;
import dev.eksrole.noderole.Account;
import java.util.List;

/** The ephemeral help and usage messages of {@code /eksrole}. */
public final class HelpMessages {

    private HelpMessages() {}

    public static SlackMessage help(String command, List<Account> accounts) {
        Mrkdwn names = accounts.isEmpty() ? Mrkdwn.of("none configured")
                : Mrkdwn.join(", ", accounts.stream().map(a -> Mrkdwn.code(a.name())).toList());
        Mrkdwn cmd = Mrkdwn.text(command);
        return new SlackMessage(Mrkdwn.of("How to use {}", command).text(), List.of(
                section(s -> s.text(Mrkdwn.of("*{}* checks the Amazon EKS node IAM role of an AWS account and shows the verdict to "
                        + "the channel.", cmd).object())),
                section(s -> s.text(Mrkdwn.of("`{} check {}` · check one account, by its 12-digit id or its name; fixes are "
                        + "offered under the result and need a second person's approval\n`{} scan` · check every configured account, "
                        + "with live progress\n`{} history {}` · the newest checks, plans, approvals and IAM calls\n`{} help` · "
                        + "this message", cmd, "<account>", cmd, cmd, "<account>", cmd).object())),
                context(c -> c.elements(List.of(Mrkdwn.of("Accounts: {}", names).fit(BlockKitLimits.MAX_CONTEXT_TEXT).object())))));
    }

    /** The newest audit entries of an account, for {@code /eksrole history}. */
    public static SlackMessage history(Account account, List<AuditEntry> entries) {
        return history(Mrkdwn.of("History of {}", account.label()), entries);
    }

    /** The newest requests refused before they named an account, for {@code /eksrole history -}. */
    public static SlackMessage refusals(List<AuditEntry> entries) {
        return history(Mrkdwn.of("Refused requests (another workspace, or ids that are not Slack's)"), entries);
    }

    private static SlackMessage history(Mrkdwn title, List<AuditEntry> entries) {
        List<Mrkdwn> lines = new java.util.ArrayList<>();
        lines.add(Mrkdwn.of("*{}*, newest first", title));
        if (entries.isEmpty()) {
            lines.add(Mrkdwn.of("Nothing recorded yet."));
        }
        for (AuditEntry entry : entries) {
            Mrkdwn line = Mrkdwn.of("{} {} {}", Mrkdwn.date(entry.at()), Mrkdwn.user(entry.actor()), entry.action());
            if (entry.roleName() != null) {
                line = line.plus(Mrkdwn.of(" {}", Mrkdwn.code(entry.roleName())));
            }
            if (entry.result() != null) {
                line = line.plus(Mrkdwn.of(" → {}", entry.result()));
            }
            lines.add(line);
        }
        Mrkdwn body = Mrkdwn.join("\n", lines).fit(BlockKitLimits.MAX_SECTION_TEXT);
        return new SlackMessage(title.text(), List.of(section(s -> s.text(body.object()))));
    }

    /** A usage hint after what went wrong, for the asker only. */
    public static Mrkdwn usage(String command, Mrkdwn problem) {
        return Mrkdwn.of("{} Try `{} check {}`, or `{} help`.", problem, command, "<account-id-or-name>", command);
    }
}

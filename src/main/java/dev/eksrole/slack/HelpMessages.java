package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;

import dev.eksrole.store.AuditEntry;
import dev.eksrole.noderole.Account;
import java.util.ArrayList;
import java.util.List;

/** The ephemeral help and usage messages of {@code /eksrole}; the verbs and what they do come from {@link Subcommands#ALL}. */
public final class HelpMessages {

    private HelpMessages() {}

    public static SlackMessage help(String command, List<Account> accounts) {
        Mrkdwn names = accounts.isEmpty() ? Mrkdwn.of("none configured")
                : Mrkdwn.join(", ", accounts.stream().map(a -> Mrkdwn.code(a.name())).toList());
        Mrkdwn cmd = Mrkdwn.text(command);
        return new SlackMessage(Mrkdwn.of("How to use {}", command).text(), List.of(
                section(s -> s.text(Mrkdwn.of("*{}* checks the Amazon EKS node IAM role of an AWS account and shows the verdict to "
                        + "the channel.", cmd).object())),
                section(s -> s.text(Mrkdwn.join("\n", Subcommands.ALL.stream().map(verb -> verb.helpLine(cmd)).toList()).object())),
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
        List<Mrkdwn> lines = new ArrayList<>();
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
        return Mrkdwn.of("{} Try `{} {} {}`, or `{} {}`.", problem, command, Subcommands.CHECK.name(), "<account-id-or-name>",
                command, Subcommands.HELP.name());
    }
}

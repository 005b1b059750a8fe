package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import dev.eksrole.approval.AuditEntry;
import dev.eksrole.noderole.Account;
import java.util.List;
import java.util.stream.Collectors;

/** The ephemeral help and usage messages of {@code /eksrole}. */
public final class HelpMessages {

    private HelpMessages() {}

    public static SlackMessage help(String command, List<Account> accounts) {
        String names = accounts.stream().map(a -> "`" + a.name() + "`").collect(Collectors.joining(", "));
        return new SlackMessage("How to use " + command, List.of(
                section(s -> s.text(markdownText("*" + command + "* checks the Amazon EKS node IAM role of an AWS account "
                        + "and shows the verdict to the channel.")) ),
                section(s -> s.text(markdownText("`" + command + " check <account>` · check one account, by its 12-digit id "
                        + "or its name; fixes are offered under the result and need a second person's approval\n`"
                        + command + " scan` · check every configured account, with live progress\n`"
                        + command + " history <account>` · the newest checks, plans, approvals and IAM calls\n`"
                        + command + " help` · this message"))),
                context(c -> c.elements(List.of(markdownText(BlockKitLimits.fit("Accounts: " + (names.isEmpty() ? "none configured" : names),
                        BlockKitLimits.MAX_CONTEXT_TEXT)))))));
    }

    /** The newest audit entries of an account, for {@code /eksrole history}. */
    public static SlackMessage history(Account account, List<AuditEntry> entries) {
        StringBuilder text = new StringBuilder("*History of " + account.label() + "*, newest first\n");
        if (entries.isEmpty()) {
            text.append("Nothing recorded yet.");
        }
        for (AuditEntry entry : entries) {
            text.append(ApprovalMessageBuilder.date(entry.at())).append(" <@").append(entry.actor()).append("> ")
                    .append(BlockKitLimits.escape(entry.action()));
            if (entry.roleName() != null) {
                text.append(" `").append(entry.roleName()).append('`');
            }
            if (entry.result() != null) {
                text.append(" → ").append(BlockKitLimits.escape(entry.result()));
            }
            text.append('\n');
        }
        String body = BlockKitLimits.fit(text.toString(), BlockKitLimits.MAX_SECTION_TEXT);
        return new SlackMessage("History of " + account.label(), List.of(section(s -> s.text(markdownText(body)))));
    }

    public static String usage(String command, String problem) {
        return problem + " Try `" + command + " check <account-id-or-name>`, or `" + command + " help`.";
    }
}

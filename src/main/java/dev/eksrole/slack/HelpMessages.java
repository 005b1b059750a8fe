package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

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
                        + "or its name\n`" + command + " help` · this message"))),
                context(c -> c.elements(List.of(markdownText("Accounts: " + (names.isEmpty() ? "none configured" : names)))))));
    }

    public static String usage(String command, String problem) {
        return problem + " Try `" + command + " check <account-id-or-name>`, or `" + command + " help`.";
    }
}

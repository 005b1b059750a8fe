package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The help and usage texts of {@code /eksrole}, word for word: people and scripts read them. */
class HelpMessagesTest {

    private static List<String> texts(SlackMessage message) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode block : ResultMessageBuilderTest.json(message.blocks())) {
            if (block.has("text")) {
                texts.add(block.get("text").get("text").asText());
            }
            if (block.has("elements")) {
                block.get("elements").forEach(element -> texts.add(element.get("text").asText()));
            }
        }
        return texts;
    }

    @Test
    void theHelpNamesEveryVerbWithWhatItDoesAndTheConfiguredAccounts() throws Exception {
        SlackMessage help = HelpMessages.help("/eksrole", List.of(SampleReports.PROD));

        assertThat(help.text()).isEqualTo("How to use /eksrole");
        assertThat(texts(help)).containsExactly(
                "*/eksrole* checks the Amazon EKS node IAM role of an AWS account and shows the verdict to the channel.",
                "`/eksrole check &lt;account&gt;` · check one account, by its 12-digit id or its name; fixes are offered under the "
                        + "result and need a second person's approval\n"
                        + "`/eksrole scan` · check every configured account, with live progress\n"
                        + "`/eksrole history &lt;account&gt;` · the newest checks, plans, approvals and IAM calls\n"
                        + "`/eksrole watch` · the drift watch: its schedule, its last round and what changed, and its next round\n"
                        + "`/eksrole help` · this message",
                "Accounts: `prod-eu`");
    }

    @Test
    void theHelpSaysWhenNoAccountIsConfigured() throws Exception {
        assertThat(texts(HelpMessages.help("/eksrole", List.of()))).last().isEqualTo("Accounts: none configured");
    }

    @Test
    void aUsageHintFollowsTheProblemAndNamesCheckAndHelp() {
        assertThat(HelpMessages.usage("/eksrole", Mrkdwn.of("Which account? Name one.")).text())
                .isEqualTo("Which account? Name one. Try `/eksrole check &lt;account-id-or-name&gt;`, or `/eksrole help`.");
    }
}

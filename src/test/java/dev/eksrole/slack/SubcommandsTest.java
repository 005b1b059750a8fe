package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one list of {@code /eksrole} verbs, from which the handler dispatches and the help is written. */
class SubcommandsTest {

    @Test
    void eachVerbIsListedOnceUnderALowerCaseName() {
        assertThat(Subcommands.ALL).extracting(Subcommand::name).doesNotHaveDuplicates().allMatch(name -> name.matches("[a-z]+"));
    }

    @Test
    void aVerbIsFoundWhateverItsCaseAndAnUnknownWordFindsNone() {
        assertThat(Subcommands.named("CHECK")).contains(Subcommands.CHECK);
        assertThat(Subcommands.named("History")).contains(Subcommands.HISTORY);
        assertThat(Subcommands.named("fix")).isEmpty();
    }

    @Test
    void theVerbOfTypedTextIsItsFirstWordAndNoWordIsHelp() {
        assertThat(Subcommands.of(null)).contains(Subcommands.HELP);
        assertThat(Subcommands.of(" \t ")).contains(Subcommands.HELP);
        assertThat(Subcommands.of("  Check  prod-eu extra")).contains(Subcommands.CHECK);
        assertThat(Subcommands.of("scan")).contains(Subcommands.SCAN);
        assertThat(Subcommands.of("fix prod-eu")).isEmpty();
    }

    @Test
    void aHelpLineShowsTheArgumentOnlyWhereTheVerbTakesOne() {
        Mrkdwn command = Mrkdwn.text("/eksrole");
        assertThat(Subcommands.HISTORY.helpLine(command).text())
                .isEqualTo("`/eksrole history &lt;account&gt;` · the newest checks, plans, approvals and IAM calls");
        assertThat(Subcommands.SCAN.helpLine(command).text()).isEqualTo("`/eksrole scan` · check every configured account, with live progress");
    }
}

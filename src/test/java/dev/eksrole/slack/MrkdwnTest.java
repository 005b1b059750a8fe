package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MrkdwnTest {

    @Test
    void foreignTextCannotMentionBroadcastOrLink() {
        assertThat(Mrkdwn.text("<!channel> & <@U123> <https://evil|x>").text())
                .isEqualTo("&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil|x&gt;");
        assertThat(Mrkdwn.of("no account is named '{}'.", "<!here>").text()).isEqualTo("no account is named '&lt;!here&gt;'.");
        assertThat(Mrkdwn.of("{} by {}", "a & <b>", Mrkdwn.user("U0APPROVE1")).plain()).isEqualTo("a & <b> by <@U0APPROVE1>");
    }

    @Test
    void ourMarkupComesOnlyFromValidatedParts() {
        assertThat(Mrkdwn.of("by {} at {}", Mrkdwn.user("U0APPROVE1"), Mrkdwn.date(Instant.parse("2026-11-29T03:04:05Z"))).text())
                .isEqualTo("by <@U0APPROVE1> at <!date^1795921445^{date_short_pretty} {time}|2026-11-29 03:04 UTC>");
        assertThat(Mrkdwn.user("U1> <!channel").text()).isEqualTo("`U1&gt; &lt;!channel`");
        assertThat(Mrkdwn.usergroup("S0PLATFORM").text()).isEqualTo("<!subteam^S0PLATFORM>");
        assertThatThrownBy(() -> Mrkdwn.of("Try <account>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mrkdwn.of("{} and {}", "one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codeSpansAndBlocksCannotBeClosedEarly() {
        assertThat(Mrkdwn.code("a`b\nc").text()).isEqualTo("`a'b c`");
        assertThat(Mrkdwn.codeBlock("x```y`").text()).isEqualTo("```x'''y` ```");
    }

    @Test
    void echoedInputIsCutWithAnEllipsis() {
        assertThat(Mrkdwn.echo("w".repeat(100)).text()).isEqualTo("`" + "w".repeat(Mrkdwn.ECHO_LIMIT) + "…`");
        assertThat(Mrkdwn.echo("short").text()).isEqualTo("`short`");
    }

    @Test
    void cuttingNeverSplitsAnEscapeOrAMentionAndClosesWhatItOpened() {
        Mrkdwn escaped = Mrkdwn.text("&".repeat(100));
        for (int limit = 20; limit < 40; limit++) {
            String cut = escaped.fit(limit).text();
            assertThat(cut.length()).isLessThanOrEqualTo(limit);
            assertThat(cut.replace("&amp;", "")).isEqualTo(Mrkdwn.CUT);
        }
        String mention = Mrkdwn.of("{} {}", "x".repeat(10), Mrkdwn.user("U0APPROVE1")).fit(22).text();
        assertThat(mention).doesNotContain("<").endsWith(Mrkdwn.CUT);
        assertThat(Mrkdwn.codeBlock("y".repeat(100)).fit(40).text()).endsWith(Mrkdwn.CUT + "```").hasSizeLessThanOrEqualTo(40);
        assertThat(Mrkdwn.code("y".repeat(100)).fit(40).text()).endsWith(Mrkdwn.CUT + "`").hasSizeLessThanOrEqualTo(40);
        assertThat(Mrkdwn.text("&".repeat(100), 23).text()).isEqualTo("&amp;".repeat(4) + "…");
    }
}

package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Slack ids are a kind letter and upper-case letters and digits; nothing else passes for one. */
class SlackIdShapeTest {

    @Test
    void takesTheIdsSlackGives() {
        assertThat(SlackIdShape.USER.matches("U012AB3CD")).isTrue();
        assertThat(SlackIdShape.USER.matches("W012AB3CD")).as("Enterprise Grid users").isTrue();
        assertThat(SlackIdShape.TEAM.matches("T0001")).isTrue();
        assertThat(SlackIdShape.ENTERPRISE.matches("E0001")).isTrue();
        assertThat(SlackIdShape.CHANNEL.matches("C0PLATFORM")).isTrue();
        assertThat(SlackIdShape.CHANNEL.matches("D024BE91L")).as("a direct message").isTrue();
        assertThat(SlackIdShape.CHANNEL.matches("G024BE91L")).as("a private channel").isTrue();
        assertThat(SlackIdShape.USERGROUP.matches("S0PLATFORM")).isTrue();
        assertThat(SlackIdShape.USER.matches("U" + "A".repeat(SlackIdShape.MAX_LENGTH - 1))).isTrue();
    }

    @Test
    void refusesMarkupOtherKindsCaseLengthAndNothing() {
        assertThat(SlackIdShape.USER.matches("U0X><!channel")).isFalse();
        assertThat(SlackIdShape.USER.matches("U0X")).isTrue();
        assertThat(SlackIdShape.USER.matches("U0")).as("too short").isFalse();
        assertThat(SlackIdShape.USER.matches("u012ab3cd")).isFalse();
        assertThat(SlackIdShape.USER.matches("T012AB3CD")).isFalse();
        assertThat(SlackIdShape.USER.matches("U012AB3CD\n")).isFalse();
        assertThat(SlackIdShape.USER.matches("U" + "A".repeat(SlackIdShape.MAX_LENGTH))).isFalse();
        assertThat(SlackIdShape.USER.matches("U" + "A".repeat(10 * 1024))).isFalse();
        assertThat(SlackIdShape.USER.matches("")).isFalse();
        assertThat(SlackIdShape.USER.matches(null)).isFalse();
        assertThat(SlackIdShape.TEAM.matches("T0000001&")).isFalse();
        assertThat(SlackIdShape.CHANNEL.matches("U012AB3CD")).isFalse();
        assertThat(SlackIdShape.USERGROUP.matches("S0X|<!here>")).isFalse();
    }

    @Test
    void mentionsComeOnlyFromIdsOfTheRightShape() {
        assertThat(Mrkdwn.user("U012AB3CD").text()).isEqualTo("<@U012AB3CD>");
        assertThat(Mrkdwn.user("U0X><!channel").text()).isEqualTo("`U0X&gt;&lt;!channel`");
        assertThat(Mrkdwn.usergroup("S0PLATFORM").text()).isEqualTo("<!subteam^S0PLATFORM>");
        assertThat(Mrkdwn.usergroup("U012AB3CD").text()).isEqualTo("`U012AB3CD`");
    }
}

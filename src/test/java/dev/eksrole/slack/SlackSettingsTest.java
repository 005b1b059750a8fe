package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void httpModeNeedsBotTokenAndSigningSecret() throws Exception {
        SlackSettings settings = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1-2", "SLACK_SIGNING_SECRET", SECRET));
        assertThat(settings.socketMode()).isFalse();
        assertThat(settings.port()).isEqualTo(3000);
        assertThat(settings.apiUrl()).isNull();
    }

    @Test
    void socketModeWhenAnAppTokenIsSetNeedsNoSigningSecret() throws Exception {
        SlackSettings settings = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xapp-1"));
        assertThat(settings.socketMode()).isTrue();
    }

    @Test
    void apiUrlGetsItsTrailingSlashAndPortIsRead() throws Exception {
        SlackSettings settings = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", SECRET,
                "SLACK_API_URL", "https://slack-gov.com/api", "PORT", "8080"));
        assertThat(settings.apiUrl()).isEqualTo("https://slack-gov.com/api/");
        assertThat(settings.port()).isEqualTo(8080);
    }

    @Test
    void eachMissingOrMalformedSettingIsNamed() {
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of())).hasMessageStartingWith("SLACK_BOT_TOKEN is not set");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxp-user")))
                .hasMessageStartingWith("SLACK_BOT_TOKEN is not a bot token");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1")))
                .hasMessageStartingWith("SLACK_SIGNING_SECRET is not set");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "not hex!")))
                .hasMessageStartingWith("SLACK_SIGNING_SECRET is malformed");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xoxb-2")))
                .hasMessageStartingWith("SLACK_APP_TOKEN is not an app-level token");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", SECRET,
                "PORT", "http")))
                .hasMessageStartingWith("PORT must be a number");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", SECRET,
                "SLACK_API_URL", "slack-gov.com")))
                .hasMessageStartingWith("SLACK_API_URL must be an http(s) URL");
    }

    @Test
    void tokensNeverShowInToString() throws Exception {
        SlackSettings settings = SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-secret-bot",
                "SLACK_SIGNING_SECRET", SECRET, "SLACK_APP_TOKEN", "xapp-secret-app"));
        assertThat(settings.toString()).doesNotContain("secret").doesNotContain(SECRET);
    }
}

package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.Main;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.slack.SlackStandIn;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eksrole serve} refuses to start, with one line naming the problem, when Slack settings are wrong. */
class BotStartupTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String err) {}

    private Run serve(Map<String, String> env) {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"serve"}, env, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        return new Run(code, err.toString());
    }

    @Test
    void aBotTokenSlackRefusesStopsStartUp() {
        try (AwsWorld aws = AwsWorld.start(dir); SlackStandIn slack = SlackStandIn.start()) {
            aws.addTarget("111111111111", "prod-eu", AWS);
            Map<String, String> env = new HashMap<>(BotWorld.environment(slack, false));
            env.put("SLACK_BOT_TOKEN", "xoxb-revoked");
            env.put("EKSROLE_CONFIG", aws.writeConfig().toString());

            Run run = serve(env);

            assertThat(run.exitCode()).isEqualTo(64);
            assertThat(run.err().strip()).isEqualTo(
                    "eksrole: Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth); reinstall the app and copy the bot token again");
            assertThat(run.err()).doesNotContain("xoxb-revoked");
        }
    }

    @Test
    void missingSigningSecretStopsStartUpWithOneLine() {
        Run run = serve(Map.of("SLACK_BOT_TOKEN", "xoxb-1"));

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("eksrole: SLACK_SIGNING_SECRET is not set");
    }

    @Test
    void aBadConfigStopsTheBotToo() {
        Run run = serve(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", BotWorld.SIGNING_SECRET,
                "EKSROLE_CONFIG", dir.resolve("missing.yml").toString()));

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("missing.yml not found");
    }
}

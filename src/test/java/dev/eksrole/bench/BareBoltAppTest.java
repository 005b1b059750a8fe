package dev.eksrole.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.bench.apps.BareBoltApp;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.slack.SignedSlackRequests;
import dev.eksrole.testing.slack.SlackStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The suite's baseline bot is a real Bolt app: it checks Slack's signature and answers the slash command. */
class BareBoltAppTest {

    @Test
    void acknowledgesASignedSlashCommandRefusesAForgedOneAndAnswersHealth() throws Exception {
        try (SlackStandIn slack = SlackStandIn.start()) {
            BareBoltApp app = new BareBoltApp(Map.of("SLACK_BOT_TOKEN", SlackStandIn.DEFAULT_BOT_TOKEN,
                    "SLACK_SIGNING_SECRET", BotWorld.SIGNING_SECRET, "SLACK_API_URL", slack.apiUrl(), "PORT", "0"));
            app.start();
            try {
                SignedSlackRequests requests = new SignedSlackRequests(BotWorld.SIGNING_SECRET,
                        URI.create("http://127.0.0.1:" + app.port() + BareBoltApp.EVENTS_PATH));
                String body = requests.slashCommandBody(BareBoltApp.COMMAND, "check prod-eu", "U012AB3CD", "oncall", "C0PLATFORM",
                        slack.newResponseUrl());

                HttpResponse<String> ack = requests.send(body);
                long now = Instant.now().getEpochSecond();
                HttpResponse<String> forged = requests.sendWithSignature(body, now,
                        SignedSlackRequests.signature("00000000000000000000000000000000", now, body));
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + BareBoltApp.HEALTH_PATH)).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(ack.statusCode()).isEqualTo(200);
                assertThat(ack.body()).contains("Checking…");
                assertThat(forged.statusCode()).isEqualTo(401);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(slack.calls()).extracting(c -> c.method()).contains("auth.test");
            } finally {
                app.stop();
            }
        }
    }
}

package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.slack.PostedMessage;
import dev.eksrole.testing.slack.SocketModeStandIn;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot in Socket Mode: a WebSocket to a local stand-in of Slack's Socket Mode server, no public endpoint. */
class SocketModeEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void slashCommandOverTheWebSocketIsAckedAndTheVerdictPosted() throws Exception {
        try (AwsWorld aws = AwsWorld.start(dir)) {
            FakeAccount prod = aws.addTarget("111111111111", "prod-eu", AWS);
            prod.addRole("NodeInstanceRole");
            prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
            try (BotWorld world = BotWorld.socketMode(aws)) {
                SocketModeStandIn socket = world.slack().socketMode();
                socket.awaitConnected(WAIT);
                String responseUrl = world.slack().newResponseUrl();

                String envelope = socket.sendSlashCommand("/eksrole", "check prod-eu", "U012AB3CD", "C0PLATFORM", responseUrl);

                ObjectNode ack = socket.awaitAck(envelope, WAIT);
                assertThat(ack.get("payload").get("text").asText()).isEqualTo("Checking prod-eu (111111111111)…");
                PostedMessage verdict = world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);
                assertThat(verdict.body().get("response_type").asText()).isEqualTo("in_channel");
                assertThat(verdict.text()).startsWith("NEEDS_FIX:");

                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(world.uri("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                HttpResponse<String> events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(world.uri("/slack/events"))
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(events.statusCode()).as("no HTTP events endpoint in Socket Mode").isEqualTo(404);
            }
        }
    }
}

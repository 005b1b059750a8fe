package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.slack.PostedMessage;
import dev.eksrole.testing.slack.SignedSlackRequests;
import dev.eksrole.testing.slack.SocketModeStandIn;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.awaitility.Awaitility;
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

    @Test
    void envelopesThatAreNotSlacksAreDroppedInOneLineEachAndTheConnectionLivesOn() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        try (AwsWorld aws = AwsWorld.start(dir)) {
            aws.addTarget("111111111111", "prod-eu", AWS);
            try (BotWorld world = BotWorld.socketMode(aws)) {
                SocketModeStandIn socket = world.slack().socketMode();
                socket.awaitConnected(WAIT);
                log.start();
                root.addAppender(log);
                String token = SignedSlackRequests.VERIFICATION_TOKEN;
                List<String> garbage = List.of("not json " + token, "{\"type\":\"slash_commands\",\"payload\":{\"token\":\"" + token,
                        "[1,2,\"" + token + "\"]", "{\"type\":{\"token\":\"" + token + "\"}}",
                        "{\"type\":\"slash_commands\",\"payload\":{\"token\":\"" + token + "\"}}",
                        "{\"type\":\"slash_commands\",\"envelope_id\":\"e-1\",\"payload\":\"" + token + "\"}");
                garbage.forEach(socket::sendRaw);
                ObjectNode viewSubmission = world.requests().blockActionPayload("approve:p-1", "p-1", "U012AB3CD", "C0PLATFORM",
                        "1700000000.000100", world.slack().newResponseUrl());
                viewSubmission.put("type", "view_submission");
                String unsupported = socket.sendEnvelope("interactive", viewSubmission, false);
                ObjectNode noUser = world.requests().blockActionPayload("approve:p-1", "p-1", "U012AB3CD", "C0PLATFORM",
                        "1700000000.000100", world.slack().newResponseUrl());
                noUser.remove("user");
                String unreadable = socket.sendEnvelope("interactive", noUser, false);
                ObjectNode event = SignedSlackRequests.object();
                event.put("token", token).put("type", "event_callback");
                String events = socket.sendEnvelope("events_api", event, false);
                String foreign = socket.sendEnvelope("slash_commands", slashCommand(world, "T0FOREIGN1"), true);

                for (String acked : List.of(unsupported, unreadable, events)) {
                    assertThat(socket.awaitAck(acked, WAIT).has("payload")).as(acked).isFalse();
                }
                assertThat(socket.awaitAck(foreign, WAIT).get("payload").get("text").asText())
                        .isEqualTo(":no_entry: eksrole does not serve this Slack workspace; nothing was done.");
                Awaitility.await().atMost(WAIT).until(() -> warnings(log) >= garbage.size() + 4);
                String envelope = socket.sendSlashCommand("/eksrole", "help", "U012AB3CD", "C0PLATFORM", world.slack().newResponseUrl());
                assertThat(socket.awaitAck(envelope, WAIT).get("payload").get("text").asText()).startsWith("How to use");

                assertThat(socket.acceptedConnections()).isEqualTo(1);
                assertThat(socket.openConnections()).isEqualTo(1);
                assertThat(warnings(log)).isEqualTo(garbage.size() + 4);
                assertThat(List.copyOf(log.list)).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                        .noneMatch(e -> e.getFormattedMessage().contains(token));
                assertThat(aws.fake().calls()).isEmpty();
                assertThat(world.slack().posts()).isEmpty();
            } finally {
                root.detachAppender(log);
            }
        }
    }

    private static long warnings(ListAppender<ILoggingEvent> log) {
        return List.copyOf(log.list).stream().filter(e -> e.getLevel() == Level.WARN).count();
    }

    private static ObjectNode slashCommand(BotWorld world, String teamId) {
        ObjectNode payload = SignedSlackRequests.object();
        world.requests().slashCommandFields("/eksrole", "check prod-eu", "U012AB3CD", "C0PLATFORM", world.slack().newResponseUrl())
                .forEach(payload::put);
        payload.put("team_id", teamId);
        return payload;
    }
}

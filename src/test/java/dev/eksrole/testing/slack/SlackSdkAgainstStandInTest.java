package dev.eksrole.testing.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.bolt.util.Responder;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.composition.BlockCompositions;
import com.slack.api.webhook.WebhookResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stand-ins against the real Slack SDK and Bolt, configured the way the bot configures them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlackSdkAgainstStandInTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private SlackStandIn standIn;
    private Slack slack;

    @BeforeEach
    void start() {
        standIn = SlackStandIn.start();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(standIn.apiUrl());
        config.setPrettyResponseLoggingEnabled(false);
        slack = Slack.getInstance(config);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        standIn.close();
    }

    @Test
    void webApiMethodsThroughTheSdk() throws Exception {
        MethodsClient methods = slack.methods(SlackStandIn.DEFAULT_BOT_TOKEN);

        assertThat(methods.authTest(r -> r).getUserId()).isEqualTo(SlackStandIn.BOT_USER_ID);

        ChatPostMessageResponse posted = methods.chatPostMessage(r -> r.channel("C0OPS").text("fallback")
                .blocks(List.of(Blocks.section(s -> s.text(BlockCompositions.markdownText("*eks-node* is fine"))))));
        assertThat(posted.isOk()).isTrue();
        assertThat(posted.getTs()).isNotEmpty();
        assertThat(posted.getMessage().getText()).isEqualTo("fallback");
        PostedMessage post = standIn.postsTo("C0OPS").get(0);
        assertThat(post.ts()).isEqualTo(posted.getTs());
        assertThat(post.containsText("*eks-node* is fine")).isTrue();
        assertThat(standIn.calls("chat.postMessage").get(0).contentType()).startsWith("application/x-www-form-urlencoded");

        assertThat(methods.chatPostEphemeral(r -> r.channel("C0OPS").user("U1").text("only you")).getMessageTs()).isNotEmpty();
        assertThat(methods.chatUpdate(r -> r.channel("C0OPS").ts(posted.getTs()).text("updated")).isOk()).isTrue();
        assertThat(standIn.posts()).extracting(PostedMessage::kind)
                .containsExactly(PostedMessage.POST_MESSAGE, PostedMessage.POST_EPHEMERAL, PostedMessage.UPDATE);

        standIn.usergroup("S0APPROVERS", "U1", "U2");
        assertThat(methods.usergroupsUsersList(r -> r.usergroup("S0APPROVERS")).getUsers()).containsExactly("U1", "U2");
        assertThat(methods.usergroupsUsersList(r -> r.usergroup("S0NONE")).getError()).isEqualTo("no_such_subteam");

        standIn.notInChannel("C0PRIVATE");
        assertThat(methods.chatPostMessage(r -> r.channel("C0PRIVATE").text("x")).getError()).isEqualTo("not_in_channel");
        standIn.failNext("chat.postMessage", "fatal_error", 1);
        assertThat(methods.chatPostMessage(r -> r.channel("C0OPS").text("x")).getError()).isEqualTo("fatal_error");
        assertThat(slack.methods("xoxb-wrong").authTest(r -> r).getError()).isEqualTo("invalid_auth");

        standIn.rateLimitNext("chat.postMessage", 1);
        try {
            ChatPostMessageResponse limited = methods.chatPostMessage(r -> r.channel("C0OPS").text("x"));
            assertThat(limited.getError()).isEqualTo("ratelimited");
        } catch (SlackApiException e) {
            assertThat(e.getResponse().code()).isEqualTo(429);
            assertThat(e.getResponse().header("Retry-After")).isEqualTo("1");
        }
    }

    @Test
    void responseUrlThroughBoltsResponder() throws Exception {
        String url = standIn.newResponseUrl();

        WebhookResponse response = new Responder(slack, url)
                .sendToCommand(r -> r.responseType("in_channel").text("checking 111111111111"));

        assertThat(response.getCode()).isEqualTo(200);
        PostedMessage post = standIn.awaitPost(p -> p.target().equals(url), WAIT);
        assertThat(post.responseType()).isEqualTo("in_channel");
        assertThat(post.text()).isEqualTo("checking 111111111111");
    }

    @Test
    void boltSocketModeConnectsTakesEnvelopesAndAcks() throws Exception {
        SocketModeStandIn socketMode = standIn.startSocketMode();
        App app = new App(AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(SlackStandIn.DEFAULT_BOT_TOKEN)
                .signingSecret("unused-in-socket-mode")
                .build());
        app.command("/eksrole", (req, ctx) -> {
            ctx.respond(r -> r.responseType("ephemeral").text("checking " + req.getPayload().getText()));
            return ctx.ack("on it");
        });
        app.blockAction("approve", (req, ctx) -> {
            ctx.respond(r -> r.text("approved by " + req.getPayload().getUser().getId()));
            return ctx.ack();
        });
        SocketModeApp bot = new SocketModeApp(SlackStandIn.DEFAULT_APP_TOKEN, app);
        try {
            bot.startAsync();
            socketMode.awaitConnected(WAIT);
            // the SDK client asks for a URL when it is built and again when it connects
            assertThat(standIn.count("apps.connections.open")).isBetween(1L, 2L);
            assertThat(socketMode.acceptedConnections()).isEqualTo(1);

            String responseUrl = standIn.newResponseUrl();
            String envelope = socketMode.sendSlashCommand("/eksrole", "check 111111111111", "U1", "C0OPS", responseUrl);
            ObjectNode ack = socketMode.awaitAck(envelope, WAIT);
            assertThat(ack.path("payload").path("text").asText()).isEqualTo("on it");
            assertThat(standIn.awaitPost(p -> p.target().equals(responseUrl), WAIT).text())
                    .isEqualTo("checking check 111111111111");

            ObjectNode click = new SignedSlackRequests("unused", URI.create("http://127.0.0.1:1/"))
                    .blockActionPayload("approve", "fix", "U2", "C0OPS", "1700000000.000100", responseUrl);
            String actionEnvelope = socketMode.sendBlockAction(click);
            assertThat(socketMode.awaitAck(actionEnvelope, WAIT).path("envelope_id").asText()).isEqualTo(actionEnvelope);
            assertThat(standIn.awaitPost(p -> "approved by U2".equals(p.text()), WAIT).target()).isEqualTo(responseUrl);
        } finally {
            bot.stop();
        }
    }
}

package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.ChildProcess;
import dev.eksrole.testing.slack.SignedSlackRequests;
import dev.eksrole.testing.slack.SlackStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot's own stderr at the default level, in its own process, while it is sent requests Bolt would have logged
 * whole: no signed body, no verification token, no response URL, no ERROR.
 */
class RequestLogInChildProcessTest {

    private static final String MARKER = "body-marker-7f3a";

    @TempDir
    Path dir;

    @Test
    void noRequestBodyTokenOrResponseUrlReachesTheLog() throws Exception {
        try (AwsWorld aws = AwsWorld.start(dir); SlackStandIn slack = SlackStandIn.start()) {
            aws.addTarget("111111111111", "prod-eu", AWS);
            int port = freePort();
            Map<String, String> env = new HashMap<>(aws.childEnvironment());
            env.putAll(BotWorld.environment(slack, false));
            env.put("PORT", String.valueOf(port));
            List<String> responseUrls = new ArrayList<>();
            try (ChildProcess bot = ChildProcess.start(dir, env, "serve")) {
                bot.awaitHealthy(port);
                SignedSlackRequests requests = new SignedSlackRequests(BotWorld.SIGNING_SECRET,
                        URI.create("http://127.0.0.1:" + port + "/slack/events"));
                String url = slack.newResponseUrl();
                responseUrls.add(url);
                ObjectNode unknown = requests.blockActionPayload("approve:" + MARKER, MARKER, "U0ASKER01", "C0CHANNEL1",
                        "1700000000.000100", url);
                unknown.put("type", "type_" + MARKER.replace('-', '_'));
                requests.send("payload=" + URLEncoder.encode(unknown.toString(), StandardCharsets.UTF_8));
                ObjectNode otherButton = requests.blockActionPayload(MARKER, MARKER, "U0ASKER01", "C0CHANNEL1", "1700000000.000100", url);
                requests.send(requests.blockActionsBody(otherButton));
                url = slack.newResponseUrl();
                responseUrls.add(url);
                Map<String, String> fields = requests.slashCommandFields("/other-" + MARKER, MARKER, "U0ASKER01", "C0CHANNEL1", url);
                requests.send(SignedSlackRequests.form(fields));
                requests.send("ssl_check=1&token=" + SignedSlackRequests.VERIFICATION_TOKEN + "&x=" + MARKER);
                requests.send("{\"token\":\"" + SignedSlackRequests.VERIFICATION_TOKEN + "\",\"type\":\"event_callback\",\"x\":\""
                        + MARKER + "\"}");
                requests.send("token=" + SignedSlackRequests.VERIFICATION_TOKEN + "&" + MARKER + "=1");

                ChildProcess.Finished run = bot.stop();

                assertThat(run.err()).doesNotContain(SignedSlackRequests.VERIFICATION_TOKEN).doesNotContain(MARKER)
                        .doesNotContain(BotWorld.SIGNING_SECRET).doesNotContain(SlackStandIn.DEFAULT_BOT_TOKEN).doesNotContain(" ERROR ");
                for (String responseUrl : responseUrls) {
                    assertThat(run.err()).doesNotContain(responseUrl);
                }
                assertThat(run.errLines()).filteredOn(line -> line.contains(" WARN ")).hasSize(6);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

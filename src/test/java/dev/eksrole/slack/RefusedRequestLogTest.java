package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.slack.SignedSlackRequests;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A refused Slack request leaves one log line that names the likely cause, never the secret or the body. */
class RefusedRequestLogTest {

    private static final String OTHER_SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private AwsWorld aws;
    private BotWorld world;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SlackHttpServer.class);

    @BeforeEach
    void start() throws Exception {
        aws = AwsWorld.start(dir);
        aws.addTarget("111111111111", "prod-eu", AWS);
        world = BotWorld.http(aws);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(log);
        world.close();
        aws.close();
    }

    private String refusalAfter(Runnable send) {
        log.list.clear();
        send.run();
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("refused")).toList();
        assertThat(lines).hasSize(1);
        String line = lines.get(0);
        assertThat(line).doesNotContain(BotWorld.SIGNING_SECRET).doesNotContain(OTHER_SECRET).doesNotContain("prod-eu")
                .contains("/slack/events").contains("401");
        return line;
    }

    @Test
    void namesTheSigningSecretTheClockOrTheMissingHeader() {
        String body = world.command("check prod-eu", "U0ASKER01", "C0CHANNEL1");
        long now = Instant.now().getEpochSecond();
        SignedSlackRequests requests = world.requests();

        assertThat(refusalAfter(() -> requests.sendWithSignature(body, now, SignedSlackRequests.signature(OTHER_SECRET, now, body))))
                .contains("the signature does not match: is SLACK_SIGNING_SECRET this app's signing secret");
        assertThat(refusalAfter(() -> requests.send(body, now - 420)))
                .containsPattern("the request's timestamp is 42[0-2] s behind this host's clock \\(accepted: 300 s either way\\)")
                .contains("NTP");
        assertThat(refusalAfter(() -> requests.send(body, now + 3600)))
                .containsPattern("the request's timestamp is 3[56]\\d\\d s ahead of this host's clock");
        assertThat(refusalAfter(() -> requests.sendUnsigned(body)))
                .contains("no X-Slack-Request-Timestamp header: not signed by Slack, or a proxy in front of eksrole drops the header");
    }
}

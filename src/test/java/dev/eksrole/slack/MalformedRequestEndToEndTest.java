package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.slack.SignedSlackRequests;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Signed requests that are not what Slack sends: 400 (or, for an interaction eksrole has no use for, a 200 that does
 * nothing), one WARN line that says why without the body, no ERROR and no stack trace.
 */
class MalformedRequestEndToEndTest {

    @TempDir
    Path dir;

    private AwsWorld aws;
    private BotWorld world;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() throws Exception {
        aws = AwsWorld.start(dir);
        aws.addTarget("111111111111", "prod-eu", AWS);
        world = BotWorld.http(aws);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        world.close();
        aws.close();
    }

    private String command(String text) {
        return world.command(text, "U0ASKER01", "C0CHANNEL1");
    }

    private String interaction(String json) {
        return "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private ObjectNode click() {
        return world.requests().blockActionPayload("approve:p-1", "p-1", "U0ASKER01", "C0CHANNEL1", "1700000000.000100",
                world.slack().newResponseUrl());
    }

    /** Sends, then checks the status, the single WARN line and that nothing of the body reached the log. */
    private void assertAnswered(String what, int status, Supplier<Object> send, String body) {
        log.list.clear();
        Object sent = send.get();
        @SuppressWarnings("unchecked")
        SignedSlackRequests.Answer response = sent instanceof SignedSlackRequests.Answer answer ? answer
                : SignedSlackRequests.Answer.of((HttpResponse<String>) sent);

        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        List<ILoggingEvent> events = List.copyOf(log.list);
        assertThat(events).as(what).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
        assertThat(events).as(what).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
        for (ILoggingEvent event : events) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(line).as(what).doesNotContain(SignedSlackRequests.VERIFICATION_TOKEN).doesNotContain("/response/")
                    .doesNotContain(BotWorld.SIGNING_SECRET);
            if (body.length() > 12) {
                assertThat(line).as(what).doesNotContain(body);
            }
        }
    }

    @Test
    void malformedFormsAndQueriesAre400() {
        String badText = command("check prod-eu").replaceFirst("text=[^&]*", "text=%ZZ");
        String cutEscape = command("check prod-eu").replaceFirst("text=[^&]*", "text=abc%4");
        String noEquals = command("help") + "&orphan";
        assertAnswered("text=%ZZ", 400, () -> world.requests().send(badText), badText);
        assertAnswered("text=abc%4", 400, () -> world.requests().send(cutEscape), cutEscape);
        assertAnswered("a field without =", 400, () -> world.requests().send(noEquals), noEquals);
        String help = command("help");
        String otherHelp = command("help");
        assertAnswered("a query without =", 400, () -> world.requests().sendWithQuery(help, "?orphan"), help);
        assertAnswered("a query with %ZZ", 400, () -> world.requests().sendWithQuery(otherHelp, "?a=%ZZ"), otherHelp);
        byte[] latin1 = command("check prod-\u00e9").replace("%C3%A9", "%E9").getBytes(StandardCharsets.UTF_8);
        assertAnswered("text that is not UTF-8 once decoded", 400, () -> world.requests().sendBytes(latin1, Map.of()), "");
        byte[] raw = ("token=x&command=%2Feksrole&text=\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertAnswered("a body that is not UTF-8", 400, () -> world.requests().sendBytes(raw, Map.of()), "");
        assertAnswered("neither a command nor an interaction", 400, () -> world.requests().send("hello=world"), "hello=world");
        assertThat(aws.fake().calls()).isEmpty();
        assertThat(world.slack().posts()).isEmpty();
    }

    @Test
    void malformedInteractionsAre400() {
        ObjectNode noUser = click();
        noUser.remove("user");
        ObjectNode userAsText = click();
        userAsText.put("user", "U0ASKER01");
        ObjectNode typeAsObject = click();
        typeAsObject.putObject("type");
        ObjectNode noType = click();
        noType.remove("type");
        for (var bad : Map.of(
                "block_actions without user", interaction(noUser.toString()),
                "user that is a string", interaction(userAsText.toString()),
                "type that is an object", interaction(typeAsObject.toString()),
                "no type", interaction(noType.toString()),
                "payload that is not JSON", interaction("{\"type\":\"block_actions\",\"token\":\"" + SignedSlackRequests.VERIFICATION_TOKEN),
                "payload that is a JSON array", interaction("[" + click() + "]"),
                "payload that is a JSON string", interaction("\"block_actions\""),
                "an Events API body", "{\"type\":\"url_verification\",\"challenge\":\"c\",\"token\":\""
                        + SignedSlackRequests.VERIFICATION_TOKEN + "\"}").entrySet()) {
            assertAnswered(bad.getKey(), 400, () -> world.requests().send(bad.getValue()), bad.getValue());
        }
        assertThat(aws.fake().calls()).isEmpty();
        assertThat(world.slack().posts()).isEmpty();
    }

    @Test
    void wellFormedInteractionsEksroleHasNoUseForAreAcknowledgedAndDoNothing() {
        ObjectNode viewSubmission = click();
        viewSubmission.put("type", "view_submission");
        viewSubmission.putObject("view").put("callback_id", "anything");
        ObjectNode shortcut = click();
        shortcut.put("type", "shortcut");
        shortcut.put("callback_id", "anything");
        ObjectNode unknown = click();
        unknown.put("type", "no_such_type");
        ObjectNode otherButton = click();
        ((ObjectNode) otherButton.get("actions").get(0)).put("action_id", "someone-elses-button");
        String otherCommand = SignedSlackRequests.form(world.requests().slashCommandFields("/other", "x", "U0ASKER01", "C0CHANNEL1",
                world.slack().newResponseUrl()));

        for (var ignored : Map.of("view_submission", interaction(viewSubmission.toString()), "shortcut", interaction(shortcut.toString()),
                "an unknown type", interaction(unknown.toString()), "another app's button", interaction(otherButton.toString()),
                "another command", otherCommand).entrySet()) {
            assertAnswered(ignored.getKey(), 200, () -> world.requests().send(ignored.getValue()), ignored.getValue());
        }
        assertThat(aws.fake().calls()).isEmpty();
        assertThat(world.slack().posts()).isEmpty();
    }
}

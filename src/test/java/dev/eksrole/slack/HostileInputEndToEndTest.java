package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.slack.MessageSnapshots;
import dev.eksrole.testing.slack.PostedMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text that is not eksrole's own (what people type, what AWS says) never reaches Slack as markup: every
 * path, driven over signed HTTP, with mentions, broadcasts, links, ampersands and backticks in it.
 */
class HostileInputEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String CHANNEL = "C0PLATFORM";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> HOSTILE = List.of("<!channel>", "<!here>", "<@U123>", "<https://evil|click>", "&", "`");
    private static final String ALL_HOSTILE = "<!channel>&<!here>`<@U123>`<https://evil|click>";
    /** The markup eksrole itself writes: mentions of the people in these tests, groups, dates. */
    private static final Pattern OURS = Pattern.compile("<@(U0REQUEST1|U0APPROVE1)>|<!subteam\\^S[A-Z0-9]+>|<!date\\^\\d+\\^[^<>|]+\\|[^<>]+>");

    @TempDir
    Path dir;

    private AwsWorld aws;
    private FakeAccount prod;
    private BotWorld world;

    @BeforeEach
    void start() throws Exception {
        aws = AwsWorld.start(dir);
        prod = aws.addTarget("111111111111", "prod-eu", AWS);
        aws.config("approvers: {users: [" + APPROVER + "]}");
        world = BotWorld.http(aws);
    }

    @AfterEach
    void stop() {
        world.close();
        aws.close();
    }

    /** Every string in a JSON tree. */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> out.addAll(strings(child)));
        return out;
    }

    /** No markup in the text but our own: every {@code <...>} is a mention, group or date eksrole wrote, every & an escape. */
    private static void assertOnlyOurMarkup(String where, String text) {
        String rest = OURS.matcher(text).replaceAll("");
        assertThat(rest).as(where).doesNotContain("<").doesNotContain(">");
        Matcher amp = Pattern.compile("&(?!amp;|lt;|gt;)").matcher(rest);
        assertThat(amp.find()).as(where + ": a bare & in " + text).isFalse();
    }

    private JsonNode ack(String text) throws Exception {
        HttpResponse<String> response = world.requests().send(world.command(text, USER, CHANNEL));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        MessageSnapshots.write(body.get("blocks"));
        for (String s : strings(body)) {
            assertOnlyOurMarkup(text, s);
        }
        return body;
    }

    private void assertEverythingPostedIsSafe() {
        for (PostedMessage post : world.slack().posts()) {
            for (String s : strings(post.body())) {
                assertOnlyOurMarkup(post.describe(), s);
            }
        }
    }

    @Test
    void helpAndUsageShowTheirPlaceholdersAsText() throws Exception {
        assertThat(ack("help").toString()).contains("check &lt;account&gt;").contains("history &lt;account&gt;");
        assertThat(ack("check").get("text").asText()).contains("check &lt;account-id-or-name&gt;");
        assertThat(ack("scan now").get("text").asText()).contains("check &lt;account-id-or-name&gt;");
        assertThat(ack("history").get("text").asText()).contains("check &lt;account-id-or-name&gt;");
    }

    @Test
    void whatSomeoneTypedIsEchoedEscapedAndCut() throws Exception {
        for (String hostile : HOSTILE) {
            String unknownVerb = ack(hostile + "x").get("text").asText();
            assertThat(unknownVerb).startsWith("I don't know `");
            String unknownAccount = ack("check " + hostile + "x").get("text").asText();
            assertThat(unknownAccount).contains("no account is named");
            String history = ack("history " + hostile + "x").get("text").asText();
            assertThat(history).contains("no account is named");
        }
        assertThat(ack("check <!channel>").get("text").asText()).contains("'&lt;!channel&gt;'");
        assertThat(ack("<!here>").get("text").asText()).contains("I don't know `&lt;!here&gt;`");
        assertThat(ack("check a&b").get("text").asText()).contains("'a&amp;b'");
        assertThat(ack("a`b`c").get("text").asText()).contains("I don't know `a'b'c`");
        assertThat(ack("check " + ALL_HOSTILE).get("text").asText()).contains("&lt;!channel&gt;&amp;&lt;!here&gt;");

        String longWord = "w".repeat(500);
        String echoed = ack(longWord).get("text").asText();
        assertThat(echoed).contains("`" + "w".repeat(Mrkdwn.ECHO_LIMIT) + "…`").doesNotContain("w".repeat(Mrkdwn.ECHO_LIMIT + 1));
        String unknown = ack("check " + longWord).get("text").asText();
        assertThat(unknown).contains("w".repeat(Mrkdwn.ECHO_LIMIT) + "…").doesNotContain("w".repeat(Mrkdwn.ECHO_LIMIT + 1));
        assertThat(aws.fake().calls()).isEmpty();
    }

    @Test
    void awsErrorTextsInCheckResultsAndFixOutcomesAreEscaped() throws Exception {
        prod.addRole("NodeInstanceRole", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:PrincipalTag/x\":\"" + ALL_HOSTILE + "\"}}}]}");
        // a check whose AssumeRole is refused with AWS's words, shown only to the asker
        aws.fake().failNext("AssumeRole", 403, "AccessDenied", "denied " + ALL_HOSTILE, 1);
        String refused = world.command("check prod-eu", USER, CHANNEL);
        world.requests().send(refused);
        PostedMessage unknown = world.slack().awaitPost(p -> p.target().equals(BotWorld.formValue(refused, "response_url")), WAIT);
        assertThat(unknown.containsText("denied &lt;!channel&gt;&amp;&lt;!here&gt;")).as(unknown.body().toString()).isTrue();

        // the result shows the trust at fault; a fix whose step fails shows AWS's error
        PostedMessage verdict = check();
        assertThat(verdict.containsText("&lt;!channel&gt;&amp;&lt;!here&gt;")).isTrue();
        PostedMessage request = requestFix(verdict, "Fix all");
        aws.fake().failNext("AttachRolePolicy", 400, "InvalidInput", "bad " + ALL_HOSTILE, 1);
        click("approve", approvalId(request), APPROVER, request.ts());
        PostedMessage stopped = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && p.ts().equals(request.ts())
                && p.containsText("Stopped part-way"), WAIT);
        assertThat(stopped.containsText("InvalidInput: iam:AttachRolePolicy failed: bad &lt;!channel&gt;&amp;&lt;!here&gt;")).as(stopped.body().toString()).isTrue();

        // a re-check that fails with AWS's words before resuming
        aws.fake().reset();
        aws.fake().failNext("ListRoles", 500, "ServiceFailure", "oops " + ALL_HOSTILE, 20);
        click("resume", approvalId(request), APPROVER, request.ts());
        PostedMessage noRecheck = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && p.ts().equals(request.ts())
                && p.containsText("Could not re-check"), WAIT);
        assertThat(noRecheck.containsText("&lt;!channel&gt;")).isTrue();

        // the history lists the failed step with AWS's words
        JsonNode history = ack("history prod-eu");
        assertThat(history.toString()).contains("&lt;!channel&gt;");
        assertEverythingPostedIsSafe();
    }

    // ---- driving Slack as a person would ----

    private PostedMessage check() {
        String command = world.command("check prod-eu", USER, CHANNEL);
        world.requests().send(command);
        return world.slack().awaitPost(p -> p.target().equals(BotWorld.formValue(command, "response_url")), WAIT);
    }

    private PostedMessage requestFix(PostedMessage verdict, String label) {
        String planId = null;
        for (JsonNode block : verdict.blocks()) {
            for (JsonNode button : block.path("elements")) {
                if (button.path("text").path("text").asText().startsWith(label)) {
                    planId = button.get("value").asText();
                }
            }
        }
        assertThat(planId).as("a button " + label).isNotNull();
        click("fix", planId, USER, "1700000000.000001");
        return world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE) && p.blocks().toString().contains("\"approve:"),
                WAIT);
    }

    private void click(String action, String planId, String user, String messageTs) {
        var payload = world.requests().blockActionPayload(action + ":" + planId, planId, user, CHANNEL, messageTs,
                world.slack().newResponseUrl());
        assertThat(world.requests().send(world.requests().blockActionsBody(payload)).statusCode()).isEqualTo(200);
    }

    private static String approvalId(PostedMessage message) {
        String blocks = message.blocks().toString();
        int at = blocks.indexOf("\"approve:");
        return blocks.substring(at + 9, blocks.indexOf('"', at + 9));
    }
}

package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.RecordedCall;
import dev.eksrole.testing.slack.PostedMessage;
import dev.eksrole.testing.slack.SignedSlackRequests;
import dev.eksrole.testing.slack.SignedSlackRequests.Answer;
import dev.eksrole.testing.slack.SlackStandIn;
import dev.eksrole.testing.slack.SocketModeStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Hostile requests against the running bot, over signed (and unsigned) HTTP and over the Socket Mode WebSocket: forged,
 * stale and replayed signatures, bodies too big, chunked or not UTF-8, escapes and JSON that do not parse, requests from
 * another workspace, ids that are not Slack's, markup in every text field, interactions eksrole has no use for. For
 * each: the status (or how the envelope was answered), no work handed off unless the request was a sound one, no IAM
 * change, no post but the one a sound request asks for, no ERROR, and nothing secret or body-like in the log.
 * The table of request and answer is printed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {

    private static final String MARKER = "hostile-7c1e";
    private static final String USER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String CHANNEL = "C0PLATFORM";
    private static final String FOREIGN_TEAM = "T0FOREIGN1";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern FOREIGN_MARKUP = Pattern.compile("<!channel>|<!here>|<!everyone>|<!subteam|<@U0X|<@U123|<https?:");
    private static final Pattern IAM_WRITE = Pattern.compile("(Create|Attach|Detach|Update|Put|Delete|Tag|Untag|Add|Remove).*");

    /** What a request may set going: nothing, a check that posts its verdict, or a reply to its response URL. */
    enum Work { NONE, CHECK, REPLY }

    /**
     * One hostile request and what must come of it.
     *
     * @param status the HTTP status; 0 over Socket Mode
     * @param answer what the answer's body must contain ({@code ""}: be empty; {@code null}: anything), or over Socket Mode
     *     how the envelope must be answered ({@code dropped}, {@code ack}, {@code ack: <text>...})
     * @param warnings the WARN lines it must leave (at least, over Socket Mode)
     */
    record Case(String name, boolean socketMode, int status, String answer, int warnings, Work work,
            Function<HostileRequestsTest, Answer> send) {
        @Override
        public String toString() {
            return (socketMode ? "[socket] " : "") + name;
        }
    }

    private Path dir;
    private AwsWorld aws;
    private BotWorld http;
    private BotWorld socket;
    private String planId;
    private String planTs;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final List<String[]> table = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("eksrole-hostile");
        aws = AwsWorld.start(dir);
        aws.addTarget("111111111111", "prod-eu", AWS).addRole("NodeInstanceRole");
        aws.config("approvers: {users: [" + APPROVER + "]}");
        http = BotWorld.http(aws);
        socket = BotWorld.socketMode(aws);
        socket.slack().socketMode().awaitConnected(WAIT);
        pendingPlan();
        log.start();
        root.addAppender(log);
    }

    @AfterAll
    void stop() throws IOException {
        root.detachAppender(log);
        try {
            assertThat(http.injector().getInstance(PlanStore.class).find(planId).orElseThrow().status())
                    .as("the plan every hostile click aimed at").isEqualTo(PlanStatus.PENDING);
            assertThat(socket.slack().socketMode().acceptedConnections()).as("Socket Mode connections").isEqualTo(1);
        } finally {
            socket.close();
            http.close();
            aws.close();
        }
        StringBuilder out = new StringBuilder("\nHostile requests: what each was answered\n");
        out.append(String.format("%-4s %-8s %-72s %s%n", "#", "via", "request", "answer"));
        int n = 0;
        for (String[] row : List.copyOf(table)) {
            out.append(String.format("%-4d %-8s %-72s %s%n", ++n, row[0], row[1], row[2]));
        }
        System.out.println(out);
    }

    // ---------------------------------------------------------------- the cases

    Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // signatures
        cases.add(http("unsigned", 401, 1, t -> t.http.requests().sendUnsigned(t.cmd("help")), null));
        cases.add(http("signed with another app's secret", 401, 1, t -> {
            String body = t.cmd("help");
            long now = Instant.now().getEpochSecond();
            return t.http.requests().sendWithSignature(body, now, SignedSlackRequests.signature("0123456789abcdef0123456789abcdef", now, body));
        }, null));
        cases.add(http("signature that is not hex", 401, 1, t -> t.http.requests().sendWithSignature(t.cmd("help"),
                Instant.now().getEpochSecond(), "v0=zz"), null));
        cases.add(http("signature of another version (v1=)", 401, 1, t -> {
            String body = t.cmd("help");
            long now = Instant.now().getEpochSecond();
            return t.http.requests().sendWithSignature(body, now, t.http.requests().signature(body, now).replace("v0=", "v1="));
        }, null));
        cases.add(http("stale: signed 10 minutes ago", 401, 1, t -> t.http.requests().send(t.cmd("help"),
                Instant.now().getEpochSecond() - 600), null));
        cases.add(http("signed 10 minutes in the future", 401, 1, t -> t.http.requests().send(t.cmd("help"),
                Instant.now().getEpochSecond() + 600), null));
        cases.add(http("timestamp that is not a number", 401, 1, t -> raw(t, "POST", t.cmd("help").getBytes(StandardCharsets.UTF_8),
                Map.of(SignedSlackRequests.TIMESTAMP_HEADER, "now", SignedSlackRequests.SIGNATURE_HEADER, "v0=00")), null));
        cases.add(http("timestamp Long.MAX_VALUE", 401, 1, t -> t.http.requests().send(t.cmd("help"), Long.MAX_VALUE), null));
        cases.add(http("timestamp Long.MIN_VALUE", 401, 1, t -> t.http.requests().send(t.cmd("help"), Long.MIN_VALUE), null));
        cases.add(http("signature header without timestamp", 401, 1, t -> raw(t, "POST", t.cmd("help").getBytes(StandardCharsets.UTF_8),
                Map.of(SignedSlackRequests.SIGNATURE_HEADER, "v0=00")), null));
        cases.add(http("replayed: the same signed request twice", 401, 1, t -> {
            String body = t.cmd("help");
            long now = Instant.now().getEpochSecond();
            assertThat(t.http.requests().send(body, now).statusCode()).isEqualTo(200);
            return Answer.of(t.http.requests().send(body, now));
        }, null));
        cases.add(http("body changed after signing", 401, 1, t -> {
            long now = Instant.now().getEpochSecond();
            String body = t.cmd("help");
            return t.http.requests().sendWithSignature(body.replace("help", "scan"), now, t.http.requests().signature(body, now));
        }, null));
        cases.add(http("Content-Length shorter than the body", 401, 1, t -> {
            byte[] body = t.cmd("help").getBytes(StandardCharsets.UTF_8);
            long now = Instant.now().getEpochSecond();
            return t.http.requests().sendRaw("POST /slack/events HTTP/1.1", Map.of("Content-Type", SignedSlackRequests.CONTENT_TYPE,
                    "Content-Length", "20", SignedSlackRequests.TIMESTAMP_HEADER, Long.toString(now),
                    SignedSlackRequests.SIGNATURE_HEADER, SignedSlackRequests.signature(BotWorld.SIGNING_SECRET, now, body)), body);
        }, null));
        // size and framing
        cases.add(http("2 MB body with its length", 413, 1, t -> t.http.requests().sendBytes(t.oversize(), Map.of()), null));
        cases.add(http("2 MB body, chunked", 413, 1, t -> t.http.requests().sendChunked(t.oversize()), null));
        cases.add(http("help, chunked", 200, 0, t -> t.http.requests().sendChunked(t.cmd("help").getBytes(StandardCharsets.UTF_8)), null));
        cases.add(http("GET /slack/events", 405, 0, t -> get(t, "/slack/events"), null));
        cases.add(http("POST to another path", 404, 0, t -> raw(t, "POST /slack/other", new byte[0], Map.of()), null));
        cases.add(http("empty body", 400, 1, t -> t.http.requests().send(""), null));
        // encodings
        cases.add(http("text=%ZZ", 400, 1, t -> t.http.requests().send(t.cmd("help").replace("text=help", "text=%ZZ")), null));
        cases.add(http("text=abc%4 (cut escape)", 400, 1, t -> t.http.requests().send(t.cmd("help").replace("text=help", "text=abc%4")), null));
        cases.add(http("text=%C3 (cut UTF-8)", 400, 1, t -> t.http.requests().send(t.cmd("help").replace("text=help", "text=%C3")), null));
        cases.add(http("text=%C0%AF (overlong UTF-8)", 400, 1, t -> t.http.requests().send(t.cmd("help")
                .replace("text=help", "text=%C0%AF")), null));
        cases.add(http("raw bytes that are not UTF-8", 400, 1, t -> t.http.requests().sendBytes(
                ("command=%2Feksrole&text=\u00e9&token=" + MARKER).getBytes(StandardCharsets.ISO_8859_1), Map.of()), null));
        cases.add(http("a field without =", 400, 1, t -> t.http.requests().send(t.cmd("help") + "&" + MARKER), null));
        cases.add(http("user_id twice", 400, 1, t -> t.http.requests().send(t.cmd("help") + "&user_id=U0SOMEONE1"), null));
        cases.add(http("query ?a=%ZZ", 400, 1, t -> t.http.requests().sendWithQuery(t.cmd("help"), "?a=%ZZ"), null));
        cases.add(http("query without =", 400, 1, t -> t.http.requests().sendWithQuery(t.cmd("help"), "?" + MARKER), null));
        cases.add(http("query ?x=1 on help", 200, 0, t -> t.http.requests().sendWithQuery(t.cmd("help"), "?x=1"), null));
        cases.add(http("text with a NUL byte", 200, 0, t -> t.http.requests().send(t.cmd("help\u0000")), null));
        cases.add(http("Events API JSON body (url_verification)", 400, 1, t -> t.http.requests().send(
                "{\"type\":\"url_verification\",\"challenge\":\"" + MARKER + "\",\"token\":\"" + SignedSlackRequests.VERIFICATION_TOKEN + "\"}"),
                null));
        cases.add(http("JSON array body", 400, 1, t -> t.http.requests().send("[{\"type\":\"block_actions\"}]"), null));
        cases.add(http("form that is neither command nor interaction", 400, 1, t -> t.http.requests().send("hello=" + MARKER), null));
        cases.add(http("Slack's ssl_check", 200, 0, t -> t.http.requests().send("ssl_check=1&token="
                + SignedSlackRequests.VERIFICATION_TOKEN), null));
        // payloads that do not parse
        cases.add(http("payload that is not JSON", 400, 1, t -> t.http.requests().send(payload("{\"type\":\"block_actions\",\"token\":\""
                + SignedSlackRequests.VERIFICATION_TOKEN)), null));
        cases.add(http("payload that is a JSON array", 400, 1, t -> t.http.requests().send(payload("[" + t.click("approve", c -> { })
                + "]")), null));
        cases.add(http("payload that is a JSON string", 400, 1, t -> t.http.requests().send(payload("\"" + MARKER + "\"")), null));
        cases.add(http("payload without type", 400, 1, t -> t.http.requests().send(payload(t.click("approve", c -> c.remove("type")))),
                null));
        cases.add(http("payload whose type is an object", 400, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> c.putObject("type").put("x", MARKER)))), null));
        cases.add(http("payload nested 5000 deep", 400, 1, t -> t.http.requests().send(payload("{\"type\":\"block_actions\",\"x\":"
                + "[".repeat(5000) + "]".repeat(5000) + "}")), null));
        cases.add(http("payload with a key twice", 400, 1, t -> t.http.requests().send(payload("{\"type\":\"block_actions\","
                + "\"type\":\"view_submission\"}")), null));
        cases.add(http("payload beside another field", 400, 1, t -> t.http.requests().send(payload(t.click("approve", c -> { }))
                + "&token=" + SignedSlackRequests.VERIFICATION_TOKEN), null));
        cases.add(http("block_actions without user", 400, 1, t -> t.http.requests().send(payload(t.click("approve", c -> c.remove("user")))),
                null));
        cases.add(http("block_actions whose user is a string", 400, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> c.put("user", APPROVER)))), null));
        cases.add(http("block_actions whose actions is an object", 400, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> c.putObject("actions").put("x", MARKER)))), null));
        // interactions and commands eksrole has no use for
        for (String type : List.of("view_submission", "shortcut", "message_action", "block_suggestion", "interactive_message",
                "view_closed", "dialog_submission")) {
            cases.add(http("a " + type + " interaction", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                    c -> c.put("type", type)))), null));
        }
        cases.add(http("an interaction type <!channel>", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> c.put("type", "<!channel>" + MARKER)))), null));
        cases.add(http("another slash command", 200, 1, t -> t.http.requests().send(t.cmd("help", f -> f.put("command", "/other"))),
                "eksrole answers only /eksrole"));
        cases.add(http("command /eksrole<!here>", 200, 1, t -> t.http.requests().send(t.cmd("help",
                f -> f.put("command", "/eksrole<!here>"))), "eksrole answers only /eksrole"));
        cases.add(http("another app's button", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ObjectNode) c.get("actions").get(0)).put("action_id", MARKER)))), null));
        cases.add(http("button approve:<!channel>", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ObjectNode) c.get("actions").get(0)).put("action_id", "approve:<!channel>")))), null));
        cases.add(http("block_actions with no action", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> c.putArray("actions")))), null));
        cases.add(http("block_actions with two actions", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ArrayNode) c.get("actions")).add(c.get("actions").get(0).deepCopy())))), null));
        // another workspace
        cases.add(http("/eksrole check from another team", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("team_id", FOREIGN_TEAM))), "does not serve this Slack workspace"));
        cases.add(http("/eksrole check from another enterprise", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("enterprise_id", "E0OTHERORG"))), "does not serve this Slack workspace"));
        cases.add(http("Approve from another team", 200, 1, t -> t.http.requests().send(payload(t.click("approve", c -> {
            ((ObjectNode) c.get("team")).put("id", FOREIGN_TEAM);
            ((ObjectNode) c.get("user")).put("team_id", FOREIGN_TEAM);
        }))), ""));
        cases.add(http("Approve by a user of another team (Slack Connect)", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ObjectNode) c.get("user")).put("team_id", FOREIGN_TEAM)))), ""));
        cases.add(http("Approve from another enterprise", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> c.putObject("enterprise").put("id", "E0OTHERORG")))), ""));
        cases.add(http("Approve with no team at all", 200, 1, t -> t.http.requests().send(payload(t.click("approve", c -> {
            c.remove("team");
            ((ObjectNode) c.get("user")).remove("team_id");
        }))), "it has no team_id"));
        // ids that are not Slack's
        cases.add(http("user_id U0X><!channel", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("user_id", "U0X><!channel"))), "its user_id is not a Slack user id"));
        cases.add(http("no user_id", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu", f -> f.remove("user_id"))),
                "it has no user_id"));
        cases.add(http("user_id of 10 KB", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("user_id", "U" + "A".repeat(10 * 1024)))), "its user_id is not a Slack user id"));
        cases.add(http("user_id in lower case", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("user_id", "u0request1"))), "its user_id is not a Slack user id"));
        cases.add(http("channel_id C0X<!here>", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("channel_id", "C0X<!here>"))), "its channel_id is not a Slack channel id"));
        cases.add(http("no channel_id", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu", f -> f.remove("channel_id"))),
                "it has no channel_id"));
        cases.add(http("no team_id", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu", f -> f.remove("team_id"))),
                "it has no team_id"));
        cases.add(http("team_id of 1 KB", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("team_id", "T" + "0".repeat(1024)))), "its team_id is not a Slack team id"));
        cases.add(http("enterprise_id E<@U1>", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("enterprise_id", "E<@U1>"))), "its enterprise_id is not a Slack enterprise id"));
        cases.add(http("response_url to the metadata service", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("response_url", "http://169.254.169.254/latest/meta-data/"))), "its response_url is not a Slack response URL"));
        cases.add(http("response_url javascript:", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("response_url", "javascript:alert(1)"))), "its response_url is not a Slack response URL"));
        cases.add(http("response_url on hooks.slack.com.evil.example", 200, 1, t -> t.http.requests().send(t.cmd("check prod-eu",
                f -> f.put("response_url", "https://hooks.slack.com.evil.example/commands/T1/1/x"))),
                "its response_url is not a Slack response URL"));
        cases.add(http("Approve by user U0APPROVE1>", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ObjectNode) c.get("user")).put("id", APPROVER + ">")))), "its user_id is not a Slack user id"));
        cases.add(http("Approve in channel C<!here>", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ObjectNode) c.get("channel")).put("id", "C<!here>")))), "its channel_id is not a Slack channel id"));
        cases.add(http("Approve with message_ts <!channel>", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ObjectNode) c.get("container")).put("message_ts", "<!channel>")))), "its message_ts is not a Slack message timestamp"));
        cases.add(http("Approve with a response_url elsewhere", 200, 1, t -> t.http.requests().send(payload(t.click("approve",
                c -> c.put("response_url", "https://evil.example/" + MARKER)))), "its response_url is not a Slack response URL"));
        // markup and junk in the text fields
        cases.add(http("check <!channel>", 200, 0, t -> t.http.requests().send(t.cmd("check <!channel>")), "no account is named"));
        cases.add(http("<@U123> <!here> as the verb", 200, 0, t -> t.http.requests().send(t.cmd("<@U123> <!here>")), "know `&lt;@U123&gt;`"));
        cases.add(http("check <https://evil|click>", 200, 0, t -> t.http.requests().send(t.cmd("check <https://evil|click>")),
                "no account is named"));
        cases.add(http("history ```&<!subteam^S1>", 200, 0, t -> t.http.requests().send(t.cmd("history ```&<!subteam^S1>")),
                "no account is named"));
        cases.add(http("text of 100 KB", 200, 0, t -> t.http.requests().send(t.cmd("check " + "x".repeat(100 * 1024))),
                "no account is named"));
        cases.add(http("text with bidi overrides and zero-width spaces", 200, 0, t -> t.http.requests().send(
                t.cmd("\u202echeck\u200b prod-eu")), "know `"));
        cases.add(http("help with markup in user_name, channel_name, team_domain", 200, 0, t -> t.http.requests().send(t.cmd("help", f -> {
            f.put("user_name", "<!channel>" + MARKER);
            f.put("channel_name", "<!here>");
            f.put("team_domain", "<@U0X>");
            f.put("trigger_id", "<https://evil|x>");
        })), "How to use"));
        cases.add(http("Approve whose plan id is <!channel>", 200, 0, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ObjectNode) c.get("actions").get(0)).put("value", "<!channel>")))), ""));
        cases.add(http("Approve of a plan eksrole does not know", 200, 0, Work.REPLY, t -> t.http.requests().send(payload(t.click("approve",
                c -> ((ObjectNode) c.get("actions").get(0)).put("value", "no-such-plan")))), ""));
        cases.add(http("check prod-eu with markup in every name field", 200, 0, Work.CHECK, t -> t.http.requests().send(
                t.cmd("check prod-eu", f -> {
                    f.put("user_name", "<!channel>");
                    f.put("channel_name", "<!here>");
                    f.put("team_domain", "<@U0X>");
                })), "Checking prod-eu"));
        // Socket Mode
        cases.add(socket("not JSON", "dropped", t -> t.sendRaw("not json " + SignedSlackRequests.VERIFICATION_TOKEN)));
        cases.add(socket("JSON cut short", "dropped", t -> t.sendRaw("{\"type\":\"slash_commands\",\"payload\":{\"token\":\""
                + SignedSlackRequests.VERIFICATION_TOKEN)));
        cases.add(socket("a JSON array", "dropped", t -> t.sendRaw("[{\"type\":\"slash_commands\"}]")));
        cases.add(socket("type that is an object", "dropped", t -> t.sendRaw("{\"type\":{\"x\":\"" + MARKER + "\"}}")));
        cases.add(socket("envelope without envelope_id", "dropped", t -> t.sendRaw("{\"type\":\"slash_commands\",\"payload\":{}}")));
        cases.add(socket("envelope_id <!channel>", "dropped", t -> t.sendRaw("{\"type\":\"slash_commands\",\"envelope_id\":\"<!channel>\","
                + "\"payload\":{}}")));
        cases.add(socket("payload that is a string", "ack", t -> t.envelope("slash_commands", null, true)));
        cases.add(socket("a view_submission", "ack", t -> t.envelope("interactive", t.clickNode("approve", c -> c.put("type",
                "view_submission")), false)));
        cases.add(socket("block_actions without user", "ack", t -> t.envelope("interactive", t.clickNode("approve",
                c -> c.remove("user")), false)));
        cases.add(socket("an Events API envelope", "ack", t -> t.envelope("events_api", SignedSlackRequests.object()
                .put("type", "event_callback").put("token", SignedSlackRequests.VERIFICATION_TOKEN), false)));
        cases.add(socket("/eksrole check from another team", "ack: :no_entry: eksrole does not serve this Slack workspace", t -> t.envelope(
                "slash_commands", t.commandNode("check prod-eu", f -> f.put("team_id", FOREIGN_TEAM)), true)));
        cases.add(socket("user_id U0X><!channel", "ack: :no_entry: eksrole refused this request: its user_id", t -> t.envelope(
                "slash_commands", t.commandNode("check prod-eu", f -> f.put("user_id", "U0X><!channel")), true)));
        cases.add(socket("Approve from another team", "ack", t -> t.envelope("interactive", t.clickNode("approve", c -> {
            ((ObjectNode) c.get("team")).put("id", FOREIGN_TEAM);
            ((ObjectNode) c.get("user")).put("team_id", FOREIGN_TEAM);
        }), false)));
        cases.add(socket("Approve by user U0APPROVE1>", "ack: :no_entry: eksrole refused this request: its user_id", t -> t.envelope(
                "interactive", t.clickNode("approve", c -> ((ObjectNode) c.get("user")).put("id", APPROVER + ">")), false)));
        cases.add(socket("a command of 100 KB", "ack: I don't know", 0, t -> t.envelope("slash_commands",
                t.commandNode("x".repeat(100 * 1024), f -> { }), true)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequest(Case hostile) {
        BotWorld world = hostile.socketMode() ? socket : http;
        CheckExecutor executor = world.injector().getInstance(CheckExecutor.class);
        long handedOff = executor.accepted();
        int calls = aws.fake().calls().size();
        int posts = world.slack().posts().size();
        int from = log.list.size();

        Answer answer = hostile.send().apply(this);

        String said = readable(answer.body());
        String got = hostile.socketMode() ? answer.body() : answer.status() + (said.isEmpty() ? "" : "  " + cut(said, 90));
        table.add(new String[] {hostile.socketMode() ? "socket" : "http", hostile.name(), got});
        if (hostile.socketMode()) {
            assertThat(answer.body()).as(hostile.name()).startsWith(hostile.answer());
            Awaitility.await().atMost(WAIT).until(() -> warnings(from) >= hostile.warnings());
        } else {
            assertThat(answer.status()).as(hostile.name() + ": " + answer.body()).isEqualTo(hostile.status());
            if (hostile.answer() != null && hostile.answer().isEmpty()) {
                assertThat(answer.body()).as(hostile.name()).isEmpty();
            } else if (hostile.answer() != null) {
                assertThat(said).as(hostile.name()).contains(hostile.answer());
            }
            assertThat(answer.body()).as(hostile.name()).doesNotContain(SignedSlackRequests.VERIFICATION_TOKEN);
            assertThat(FOREIGN_MARKUP.matcher(answer.body()).find()).as(hostile.name() + ": " + answer.body()).isFalse();
        }
        switch (hostile.work()) {
            case NONE -> {
                assertThat(executor.accepted()).as(hostile.name() + ": work handed off").isEqualTo(handedOff);
                assertThat(aws.fake().calls()).as(hostile.name() + ": AWS calls").hasSize(calls);
                assertThat(world.slack().posts()).as(hostile.name() + ": posts").hasSize(posts);
            }
            case CHECK, REPLY -> {
                Awaitility.await().atMost(WAIT).until(() -> world.slack().posts().size() > posts && executor.idle());
                for (PostedMessage post : world.slack().posts().subList(posts, world.slack().posts().size())) {
                    assertThat(FOREIGN_MARKUP.matcher(post.body().toString()).find()).as(post.describe()).isFalse();
                }
            }
        }
        List<RecordedCall> writes = aws.fake().calls().stream().filter(c -> c.action() != null && IAM_WRITE.matcher(c.action()).matches())
                .toList();
        assertThat(writes).as(hostile.name() + ": IAM changes").isEmpty();
        List<ILoggingEvent> lines = List.copyOf(log.list.subList(from, log.list.size()));
        assertThat(lines).as(hostile.name() + ": ERROR lines").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
        if (!hostile.socketMode()) {
            assertThat(lines.stream().filter(e -> e.getLevel() == Level.WARN)).as(hostile.name() + ": WARN lines").hasSize(hostile.warnings());
        }
        for (ILoggingEvent line : lines) {
            String text = line.getFormattedMessage() + (line.getThrowableProxy() == null ? "" : line.getThrowableProxy().getMessage());
            assertThat(text).as(hostile.name() + ": a log line").doesNotContain(SignedSlackRequests.VERIFICATION_TOKEN)
                    .doesNotContain(BotWorld.SIGNING_SECRET).doesNotContain(SlackStandIn.DEFAULT_BOT_TOKEN).doesNotContain(MARKER)
                    .doesNotContain("/response/").doesNotContain("<!channel>").doesNotContain("AAAAAAAAAA").doesNotContain("\n");
        }
    }

    /** What an answer says: the {@code text} of a JSON answer, else the body. */
    private static String readable(String body) {
        if (body == null) {
            return "";
        }
        try {
            JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            if (json != null && json.path("text").isTextual()) {
                return json.get("text").asText();
            }
        } catch (IOException e) {
            // not JSON: the body as it is
        }
        return body;
    }

    private static String cut(String text, int length) {
        String line = text.replace('\n', ' ');
        return line.length() <= length ? line : line.substring(0, length - 1) + "…";
    }

    // ---------------------------------------------------------------- building requests

    private static Case http(String name, int status, int warnings, Function<HostileRequestsTest, Object> send, String bodyHas) {
        return http(name, status, warnings, Work.NONE, send, bodyHas);
    }

    private static Case http(String name, int status, int warnings, Work work, Function<HostileRequestsTest, Object> send, String bodyHas) {
        return new Case(name, false, status, bodyHas, warnings, work, t -> {
            Object sent = send.apply(t);
            @SuppressWarnings("unchecked")
            Answer answer = sent instanceof Answer a ? a : Answer.of((HttpResponse<String>) sent);
            return answer;
        });
    }

    /** A Socket Mode case: the answer's body says how the envelope was answered ("ack", "ack: text", "dropped"). */
    private static Case socket(String name, String expected, Function<HostileRequestsTest, Answer> send) {
        return socket(name, expected, 1, send);
    }

    private static Case socket(String name, String expected, int warnings, Function<HostileRequestsTest, Answer> send) {
        return new Case(name, true, 0, expected, warnings, Work.NONE, send);
    }

    private String cmd(String text) {
        return cmd(text, f -> { });
    }

    private String cmd(String text, Consumer<Map<String, String>> change) {
        Map<String, String> fields = http.requests().slashCommandFields("/eksrole", text, USER, CHANNEL, http.slack().newResponseUrl());
        change.accept(fields);
        return SignedSlackRequests.form(fields);
    }

    private ObjectNode commandNode(String text, Consumer<Map<String, String>> change) {
        Map<String, String> fields = socket.requests().slashCommandFields("/eksrole", text, USER, CHANNEL, socket.slack().newResponseUrl());
        change.accept(fields);
        ObjectNode payload = SignedSlackRequests.object();
        fields.forEach(payload::put);
        return payload;
    }

    /** A click on the pending plan's button, changed. */
    private String click(String action, Consumer<ObjectNode> change) {
        return clickNode(http, action, change).toString();
    }

    private ObjectNode clickNode(String action, Consumer<ObjectNode> change) {
        return clickNode(socket, action, change);
    }

    private ObjectNode clickNode(BotWorld world, String action, Consumer<ObjectNode> change) {
        ObjectNode payload = world.requests().blockActionPayload(action + ":" + planId, planId, APPROVER, CHANNEL, planTs,
                world.slack().newResponseUrl());
        change.accept(payload);
        return payload;
    }

    private static String payload(String json) {
        return "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private byte[] oversize() {
        return (cmd("help") + "&pad=" + "p".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
    }

    private static Answer raw(HostileRequestsTest t, String requestLine, byte[] body, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Length", Integer.toString(body.length));
        String line = requestLine.contains(" ") ? requestLine + " HTTP/1.1" : requestLine + " /slack/events HTTP/1.1";
        return t.http.requests().sendRaw(line, all, body);
    }

    private static Answer get(HostileRequestsTest t, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(t.http.uri(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return Answer.of(response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- Socket Mode

    private Answer sendRaw(String frame) {
        socket.slack().socketMode().sendRaw(frame);
        return new Answer(0, "dropped");
    }

    /** Sends an envelope ({@code null} payload: a string where the object belongs) and waits for its acknowledgement. */
    private Answer envelope(String type, ObjectNode payload, boolean acceptsResponsePayload) {
        SocketModeStandIn server = socket.slack().socketMode();
        String id;
        if (payload == null) {
            id = "e-" + Instant.now().toEpochMilli();
            server.sendRaw("{\"envelope_id\":\"" + id + "\",\"type\":\"" + type + "\",\"payload\":\"" + MARKER + "\"}");
        } else {
            id = server.sendEnvelope(type, payload, acceptsResponsePayload);
        }
        ObjectNode ack = server.awaitAck(id, WAIT);
        JsonNode text = ack.path("payload").path("text");
        return new Answer(0, text.isTextual() ? "ack: " + text.asText() : "ack");
    }

    private int warnings(int from) {
        List<ILoggingEvent> lines = List.copyOf(log.list);
        return (int) lines.subList(Math.min(from, lines.size()), lines.size()).stream().filter(e -> e.getLevel() == Level.WARN).count();
    }

    // ---------------------------------------------------------------- a plan to aim at

    private void pendingPlan() {
        String command = http.command("check prod-eu", USER, CHANNEL);
        http.requests().send(command);
        PostedMessage verdict = http.slack().awaitPost(p -> p.target().equals(BotWorld.formValue(command, "response_url")), WAIT);
        String offered = null;
        for (JsonNode block : verdict.blocks()) {
            for (JsonNode button : block.path("elements")) {
                if (button.path("text").path("text").asText().startsWith("Fix")) {
                    offered = button.get("value").asText();
                }
            }
        }
        assertThat(offered).as("a Fix button").isNotNull();
        ObjectNode fix = http.requests().blockActionPayload("fix:" + offered, offered, USER, CHANNEL, "1700000000.000001",
                http.slack().newResponseUrl());
        http.requests().send(http.requests().blockActionsBody(fix));
        PostedMessage request = http.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE)
                && p.blocks().toString().contains("\"approve:"), WAIT);
        String blocks = request.blocks().toString();
        int at = blocks.indexOf("\"approve:");
        planId = blocks.substring(at + 9, blocks.indexOf('"', at + 9));
        planTs = request.ts();
        Awaitility.await().atMost(WAIT).until(() -> http.injector().getInstance(CheckExecutor.class).idle());
        aws.fake().clearCalls();
    }
}

package dev.eksrole.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo driven as its page drives it, over HTTP: commands and clicks to {@code /demo/...}, the channel read back from
 * {@code /demo/state}. Behind it the real bot answers signed requests and posts through the Web API and response URL
 * emulation, and fixes change the simulated organisation.
 */
class DemoEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    private Demo demo;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        demo = Demo.start(0, data);
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void servesThePageFromTheJarOnLoopback() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"/demo.js\"").doesNotContain("http://", "https://");
        assertThat(get("/demo.js").body()).contains("textContent");
        assertThat(get("/demo.css").statusCode()).isEqualTo(200);
        assertThat(get("/etc/passwd").statusCode()).isEqualTo(404);
        assertThat(demo.pageUrl()).startsWith("http://127.0.0.1:");
    }

    @Test
    void aCheckNeedsAFixThatOnlySomeoneElseMayApproveAndThenTheAccountIsOk() throws Exception {
        send("/demo/command", Person.REQUESTER, "/eksrole check prod-eu");
        JsonNode verdict = await(Person.REQUESTER, m -> bot(m) && !ephemeral(m) && m.path("blocks").toString().contains("NEEDS_FIX"));
        assertThat(verdict.path("blocks").toString()).contains("prod-eu", "AmazonEC2ContainerRegistryReadOnly");
        String fix = actionId(verdict, "Fix");

        send("/demo/click", Person.REQUESTER, verdict.path("ts").asText(), fix);
        JsonNode request = await(Person.REQUESTER, m -> bot(m) && !ephemeral(m) && actionIdOrNull(m, "Approve") != null);
        assertThat(request.path("blocks").toString())
                .contains("iam:AttachRolePolicy RoleName=eksNodeRole PolicyArn=arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
        String approve = actionId(request, "Approve");

        send("/demo/click", Person.REQUESTER, request.path("ts").asText(), approve);
        await(Person.REQUESTER, m -> bot(m) && ephemeral(m) && m.toString().contains("someone else must approve it"));
        assertThat(attachedEcr()).isFalse();

        send("/demo/click", Person.APPROVER, request.path("ts").asText(), approve);
        await(Person.APPROVER, m -> m.path("ts").asText().equals(request.path("ts").asText()) && m.path("edited").asBoolean());
        await(Person.APPROVER, m -> bot(m) && !ephemeral(m) && m.path("blocks").toString().contains("OK · prod-eu"));
        assertThat(attachedEcr()).isTrue();

        send("/demo/command", Person.STRANGER, "/eksrole history prod-eu");
        JsonNode history = await(Person.STRANGER, m -> bot(m) && ephemeral(m) && m.toString().contains("AttachRolePolicy"));
        assertThat(history.toString()).contains(Person.APPROVER);
        send("/demo/command", Person.STRANGER, "/eksrole help");
        await(Person.STRANGER, m -> bot(m) && ephemeral(m) && m.toString().contains("/eksrole check"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"data-platform", "sandbox", "new-team", "payments", "china-north"})
    void eachAccountsOfferedFixOnceApprovedLeavesItOk(String account) throws Exception {
        send("/demo/command", Person.REQUESTER, "/eksrole check " + account);
        JsonNode verdict = await(Person.REQUESTER, m -> bot(m) && !ephemeral(m) && m.path("blocks").toString().contains(" · " + account));
        assertThat(verdict.path("blocks").toString()).doesNotContain("OK · " + account);
        send("/demo/click", Person.REQUESTER, verdict.path("ts").asText(), actionId(verdict, "Fix"));
        JsonNode request = await(Person.REQUESTER, m -> bot(m) && !ephemeral(m) && actionIdOrNull(m, "Approve") != null);

        send("/demo/click", Person.APPROVER, request.path("ts").asText(), actionId(request, "Approve"));

        await(Person.APPROVER, m -> bot(m) && !ephemeral(m) && m.path("blocks").toString().contains("OK · " + account));
    }

    @Test
    void mlTrainingIsOfferedNoDetachBecauseNoAwsNodeRoleCarriesTheCniPolicy() throws Exception {
        send("/demo/command", Person.REQUESTER, "/eksrole check ml-training");
        JsonNode verdict = await(Person.REQUESTER, m -> bot(m) && !ephemeral(m) && m.path("blocks").toString().contains("WARNING · ml-training"));
        assertThat(actionIdOrNull(verdict, "Fix")).isNull();
    }

    @Test
    void someoneWhoIsNoApproverIsRefusedAndAGroupMemberMayApprove() throws Exception {
        send("/demo/command", Person.REQUESTER, "/eksrole check prod-eu");
        JsonNode verdict = await(Person.REQUESTER, m -> bot(m) && m.path("blocks").toString().contains("NEEDS_FIX"));
        send("/demo/click", Person.REQUESTER, verdict.path("ts").asText(), actionId(verdict, "Fix"));
        JsonNode request = await(Person.REQUESTER, m -> bot(m) && actionIdOrNull(m, "Approve") != null);

        send("/demo/click", Person.STRANGER, request.path("ts").asText(), actionId(request, "Approve"));
        await(Person.STRANGER, m -> bot(m) && ephemeral(m) && m.toString().contains("You are not an approver"));
        assertThat(attachedEcr()).isFalse();

        send("/demo/click", Person.GROUP_MEMBER, request.path("ts").asText(), actionId(request, "Approve"));
        Awaitility.await().atMost(WAIT).until(this::attachedEcr);
    }

    @Test
    void anEphemeralReplyIsSeenOnlyByWhoAsked() throws Exception {
        send("/demo/command", Person.STRANGER, "/eksrole check no-such-account");
        JsonNode reply = await(Person.STRANGER, m -> bot(m) && ephemeral(m));
        assertThat(reply.toString()).contains("no-such-account");
        assertThat(messages(Person.REQUESTER)).noneMatch(DemoEndToEndTest::bot);
    }

    @Test
    void whatDoesNotFitOneMessageGoesOnInItsThread() throws Exception {
        send("/demo/command", Person.STRANGER, "/eksrole check shared-services");
        JsonNode result = await(Person.STRANGER, m -> bot(m) && m.path("blocks").toString().contains("OK · shared-services"));
        assertThat(result.path("blocks").toString()).contains("in the thread");
        JsonNode reply = await(Person.STRANGER, m -> result.path("ts").asText().equals(m.path("threadTs").asText()));
        assertThat(bot(reply)).isTrue();
        String everything = messages(Person.STRANGER).toString();
        for (String team : List.of("search", "checkout", "payouts", "returns")) {
            assertThat(everything).contains(team + "-eksNodeRole");
        }
    }

    @Test
    void aScanMessageFillsInAsAccountsAnswerAndEndsAsTheSummary() throws Exception {
        send("/demo/command", Person.STRANGER, "/eksrole scan");
        JsonNode progress = await(Person.STRANGER, m -> bot(m) && m.path("edited").asBoolean() && partlyDone(m));
        JsonNode summary = await(Person.STRANGER, m -> m.path("ts").asText().equals(progress.path("ts").asText())
                && m.path("blocks").toString().contains("Scan · 9 accounts"));
        assertThat(summary.path("blocks").toString()).contains("prod-eu", "staging", "china-north", "shared-services");
        assertThat(messages(Person.STRANGER)).filteredOn(m -> bot(m) && !ephemeral(m)).as("one message, updated in place").hasSize(1);
    }

    /** A scan's progress with some accounts in and some not: "Scanning 9 accounts… 3 of 9 done". */
    private static boolean partlyDone(JsonNode message) {
        var done = java.util.regex.Pattern.compile("([1-8]) of 9 done").matcher(message.path("blocks").toString());
        return done.find();
    }

    @Test
    void resetPutsTheOrganisationBackAndClearsTheChannel() throws Exception {
        send("/demo/command", Person.REQUESTER, "/eksrole check prod-eu");
        JsonNode verdict = await(Person.REQUESTER, m -> bot(m) && m.path("blocks").toString().contains("NEEDS_FIX"));
        send("/demo/click", Person.REQUESTER, verdict.path("ts").asText(), actionId(verdict, "Fix"));
        JsonNode request = await(Person.REQUESTER, m -> bot(m) && actionIdOrNull(m, "Approve") != null);
        send("/demo/click", Person.APPROVER, request.path("ts").asText(), actionId(request, "Approve"));
        Awaitility.await().atMost(WAIT).until(this::attachedEcr);

        send("/demo/reset", null);

        assertThat(attachedEcr()).isFalse();
        assertThat(messages(Person.REQUESTER)).isEmpty();
    }

    @Test
    void untilTheBotAnswersThePageSaysItIsStartingAndACommandIsNotLost() throws Exception {
        assertThat(JSON.readTree(get("/demo/state?as=" + Person.REQUESTER).body()).path("ready").asBoolean()).isTrue();
        try (DemoServer starting = new DemoServer(0, new DemoChannel(), DemoOrganisation.answeringAtOnce(), "xoxb-demo-test")) {
            String base = "http://127.0.0.1:" + starting.port();
            JsonNode state = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/demo/state?as=" + Person.REQUESTER)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(state.path("ready").asBoolean(true)).isFalse();
            HttpResponse<String> early = http.send(HttpRequest.newBuilder(URI.create(base + "/demo/command"))
                    .header("Content-Type", "application/json").header(DemoServer.PAGE_HEADER, "1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"as\":\"" + Person.REQUESTER + "\",\"text\":\"/eksrole help\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(early.body()).path("error").asText()).isEqualTo(DemoServer.STARTING);
            assertThat(state.path("messages")).isEmpty();
            assertThat(JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/demo/state?as=" + Person.REQUESTER)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("messages")).as("the typed command is not posted").isEmpty();
        }
    }

    @Test
    void refusesWhatThePageDidNotSend() throws Exception {
        HttpResponse<String> noHeader = http.send(HttpRequest.newBuilder(URI.create(demo.pageUrl() + "demo/reset"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noHeader.statusCode()).isEqualTo(405);
        JsonNode unknownButton = send("/demo/click", Person.REQUESTER, "1.000001", "approve:nothing");
        assertThat(unknownButton.path("ok").asBoolean()).isFalse();
        JsonNode notACommand = send("/demo/command", Person.REQUESTER, "rm -rf /");
        assertThat(notACommand.path("error").asText()).contains("/eksrole help");
    }

    // ---- the page's calls ----

    private boolean attachedEcr() {
        SimulatedAccount prod = demo.organisation().accounts().get(0);
        return prod.reader().attachedPolicyArns("eksNodeRole").contains("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(demo.pageUrl() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A command ({@code text}) or a click ({@code ts}, {@code actionId}) as the page posts it. */
    private JsonNode send(String path, String as, String... fields) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        if (as != null) {
            body.put("as", as);
        }
        if (fields.length == 1) {
            body.put("text", fields[0]);
        } else if (fields.length == 2) {
            body.put("ts", fields[0]).put("actionId", fields[1]);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(demo.pageUrl() + path.substring(1)))
                .header("Content-Type", "application/json").header(DemoServer.PAGE_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private List<JsonNode> messages(String as) throws Exception {
        JsonNode state = JSON.readTree(get("/demo/state?as=" + as).body());
        List<JsonNode> out = new ArrayList<>();
        state.path("messages").forEach(out::add);
        return out;
    }

    /** The last message this person sees that matches, once there is one; on timeout, what they saw. */
    private JsonNode await(String as, Predicate<JsonNode> wanted) throws Exception {
        try {
            return Awaitility.await().atMost(WAIT).until(() -> messages(as).stream().filter(wanted).reduce((a, b) -> b), Optional::isPresent)
                    .orElseThrow();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no message matched within " + WAIT + "; " + as + " sees " + messages(as), e);
        }
    }

    private static boolean bot(JsonNode message) {
        return DemoChannel.BOT_USER.equals(message.path("user").asText());
    }

    private static boolean ephemeral(JsonNode message) {
        return message.path("ephemeral").asBoolean();
    }

    private static String actionId(JsonNode message, String labelStart) {
        String id = actionIdOrNull(message, labelStart);
        assertThat(id).as("a button '%s' in %s", labelStart, message).isNotNull();
        return id;
    }

    private static String actionIdOrNull(JsonNode node, String labelStart) {
        if (node.isObject() && "button".equals(node.path("type").asText()) && node.path("text").path("text").asText().startsWith(labelStart)) {
            return node.path("action_id").asText();
        }
        for (JsonNode child : node) {
            String found = actionIdOrNull(child, labelStart);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}

package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.AuditLog;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.slack.PostedMessage;
import dev.eksrole.testing.slack.SignedSlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request is checked before any handler sees it: it must come from the workspace the bot signed in to, and
 * every Slack id in it must have the shape Slack gives ids. A refused request gets a one-line answer (none for another
 * workspace's clicks), an audit entry under the account {@code -}, and nothing else: no AWS call, no post, no plan change.
 */
class RequestGateEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String OTHER_APPROVER = "U0APPROVE2";
    private static final String SENTINEL = "U0SENTINEL";
    private static final String CHANNEL = "C0PLATFORM";
    private static final String PROD = "111111111111";
    private static final String FOREIGN_TEAM = "T0FOREIGN1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private AwsWorld aws;
    private FakeAccount prod;
    private BotWorld world;

    @BeforeEach
    void start() throws Exception {
        aws = AwsWorld.start(dir);
        prod = aws.addTarget(PROD, "prod-eu", AWS);
        prod.addRole("NodeInstanceRole");
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        aws.config("approvers: {users: [" + APPROVER + ", " + OTHER_APPROVER + "]}");
        world = BotWorld.http(aws);
    }

    @AfterEach
    void stop() {
        world.close();
        aws.close();
    }

    @Test
    void anApproveClickFromAnotherWorkspaceIsRefusedAuditedUnansweredAndTakesNothing() throws Exception {
        PostedMessage request = pendingRequest();
        String planId = approvalId(request);
        String foreignUrl = world.slack().newResponseUrl();
        ObjectNode payload = world.requests().blockActionPayload("approve:" + planId, planId, OTHER_APPROVER, CHANNEL, request.ts(),
                foreignUrl);
        ((ObjectNode) payload.get("team")).put("id", FOREIGN_TEAM);
        ((ObjectNode) payload.get("user")).put("team_id", FOREIGN_TEAM);

        HttpResponse<String> ack = world.requests().send(world.requests().blockActionsBody(payload));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).as("nothing is said to another workspace").isEmpty();
        assertThat(refusals()).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo(OTHER_APPROVER);
            assertThat(entry.action()).isEqualTo("refuse");
            assertThat(entry.planId()).isEqualTo(planId);
            assertThat(entry.result()).isEqualTo("refused: another workspace");
            assertThat(entry.detail()).contains(FOREIGN_TEAM).contains("block_actions");
        });
        assertThat(store().find(planId).orElseThrow().status()).isEqualTo(PlanStatus.PENDING);

        // an approver of this workspace approves next: the foreign click had taken nothing
        click("approve", planId, APPROVER, request.ts());
        world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && p.ts().equals(request.ts())
                && p.containsText("Applied"), WAIT);
        assertThat(store().find(planId).orElseThrow().decidedBy()).isEqualTo(APPROVER);
        assertThat(audit().recent(PROD, 50)).noneMatch(e -> e.actor().equals(OTHER_APPROVER));
        assertThat(world.slack().postsTo(foreignUrl)).isEmpty();
    }

    @Test
    void aSlashCommandFromAnotherWorkspaceOrEnterpriseGetsOneLineAndIsAudited() throws Exception {
        String foreignTeam = command("check prod-eu", REQUESTER, f -> f.put("team_id", FOREIGN_TEAM));
        String foreignEnterprise = command("check prod-eu", REQUESTER, f -> f.put("enterprise_id", "E0OTHERORG"));

        for (String body : List.of(foreignTeam, foreignEnterprise)) {
            JsonNode ack = ack(body);
            assertThat(ack.get("response_type").asText()).isEqualTo("ephemeral");
            assertThat(ack.get("text").asText()).isEqualTo(":no_entry: eksrole does not serve this Slack workspace; nothing was done.");
        }
        assertThat(refusals()).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo(REQUESTER);
            assertThat(entry.result()).isEqualTo("refused: another workspace");
        });
        assertThat(refusals().get(0).detail()).contains(FOREIGN_TEAM);
        assertThat(refusals().get(1).detail()).contains("E0OTHERORG");
        assertNoWorkWasDone(List.of(foreignTeam, foreignEnterprise));
    }

    @Test
    void idsThatAreNotSlackIdsAreRefusedInTheAckAndAuditedWithoutThem() throws Exception {
        String injected = command("check prod-eu", "U0X><!channel", f -> { });
        String missing = command("check prod-eu", REQUESTER, f -> f.remove("user_id"));
        String huge = command("check prod-eu", "U" + "A".repeat(10 * 1024), f -> { });
        String channel = command("check prod-eu", REQUESTER, f -> f.put("channel_id", "C0X><!here>"));
        String team = command("check prod-eu", REQUESTER, f -> f.put("team_id", "T0000001&"));
        String enterprise = command("check prod-eu", REQUESTER, f -> f.put("enterprise_id", "e-lower"));
        String responseUrl = command("check prod-eu", REQUESTER, f -> f.put("response_url", "http://169.254.169.254/latest/meta-data"));

        assertThat(ack(injected).get("text").asText())
                .isEqualTo(":no_entry: eksrole refused this request: its user_id is not a Slack user id. Nothing was done.");
        assertThat(ack(missing).get("text").asText())
                .isEqualTo(":no_entry: eksrole refused this request: it has no user_id. Nothing was done.");
        assertThat(ack(huge).get("text").asText()).contains("its user_id is not a Slack user id");
        assertThat(ack(channel).get("text").asText()).contains("its channel_id is not a Slack channel id");
        assertThat(ack(team).get("text").asText()).contains("its team_id is not a Slack team id");
        assertThat(ack(enterprise).get("text").asText()).contains("its enterprise_id is not a Slack enterprise id");
        assertThat(ack(responseUrl).get("text").asText()).contains("its response_url is not a Slack response URL");

        List<AuditEntry> refusals = refusals();
        assertThat(refusals).hasSize(7);
        assertThat(refusals.subList(0, 3)).allSatisfy(entry -> assertThat(entry.actor()).isEqualTo("-"));
        assertThat(refusals.subList(3, 7)).allSatisfy(entry -> assertThat(entry.actor()).isEqualTo(REQUESTER));
        assertThat(refusals).extracting(AuditEntry::result).containsExactly("refused: invalid user_id", "refused: no user_id",
                "refused: invalid user_id", "refused: invalid channel_id", "refused: invalid team_id", "refused: invalid enterprise_id",
                "refused: invalid response_url");
        assertThat(refusals).allSatisfy(entry -> assertThat(entry.detail()).doesNotContain("<").doesNotContain("AAAAAAAAAA")
                .doesNotContain("169.254"));
        assertNoWorkWasDone(List.of(injected, missing, huge, channel, team, enterprise, responseUrl));
    }

    @Test
    void aClickWithAnIdThatIsNotASlackIdChangesNoPlan() throws Exception {
        PostedMessage request = pendingRequest();
        String planId = approvalId(request);
        String url = world.slack().newResponseUrl();
        ObjectNode badUser = world.requests().blockActionPayload("approve:" + planId, planId, "U0APPROVE1>", CHANNEL, request.ts(), url);
        ObjectNode noUser = world.requests().blockActionPayload("approve:" + planId, planId, APPROVER, CHANNEL, request.ts(), url);
        ((ObjectNode) noUser.get("user")).remove("id");
        ObjectNode badChannel = world.requests().blockActionPayload("approve:" + planId, planId, APPROVER, "C0X<!here>", request.ts(), url);

        for (ObjectNode payload : List.of(badUser, noUser, badChannel)) {
            HttpResponse<String> ack = world.requests().send(world.requests().blockActionsBody(payload));
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ack.body()).get("text").asText()).startsWith(":no_entry: eksrole refused this request:");
        }

        assertThat(refusals()).extracting(AuditEntry::result)
                .containsExactly("refused: invalid user_id", "refused: no user_id", "refused: invalid channel_id");
        click("reject", planId, REQUESTER, request.ts());
        world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && p.ts().equals(request.ts())
                && p.containsText("Rejected by"), WAIT);
        assertThat(store().find(planId).orElseThrow().decidedBy()).isEqualTo(REQUESTER);
        assertThat(world.slack().postsTo(url)).isEmpty();
        assertThat(aws.fake().calls()).noneMatch(c -> c.action().equals("AttachRolePolicy"));
    }

    @Test
    void historyOfDashListsTheRefusalsThatConcernNoAccount() throws Exception {
        ack(command("check prod-eu", REQUESTER, f -> f.put("team_id", FOREIGN_TEAM)));

        JsonNode history = ack(world.command("history -", REQUESTER, CHANNEL));

        assertThat(history.toString()).contains("Refused requests").contains("refused: another workspace");
    }

    // ---- driving Slack ----

    private String command(String text, String userId, Consumer<Map<String, String>> change) {
        Map<String, String> fields = world.requests().slashCommandFields("/eksrole", text, userId, CHANNEL, world.slack().newResponseUrl());
        change.accept(fields);
        return SignedSlackRequests.form(fields);
    }

    private JsonNode ack(String body) throws Exception {
        HttpResponse<String> response = world.requests().send(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A check by someone else, sent after the refused ones, is posted: by then a refused one would have been too. */
    private void assertNoWorkWasDone(List<String> refused) {
        String sentinel = world.command("check prod-eu", SENTINEL, CHANNEL);
        world.requests().send(sentinel);
        world.slack().awaitPost(p -> p.target().equals(BotWorld.formValue(sentinel, "response_url")), WAIT);
        for (String body : refused) {
            assertThat(world.slack().postsTo(BotWorld.formValue(body, "response_url"))).isEmpty();
        }
        assertThat(world.slack().posts()).hasSize(1);
        assertThat(aws.fake().calls("AssumeRole")).singleElement()
                .satisfies(call -> assertThat(call.parameter("RoleSessionName")).contains(SENTINEL));
    }

    private PostedMessage pendingRequest() {
        String command = world.command("check prod-eu", REQUESTER, CHANNEL);
        world.requests().send(command);
        PostedMessage verdict = world.slack().awaitPost(p -> p.target().equals(BotWorld.formValue(command, "response_url")), WAIT);
        String planId = null;
        for (JsonNode block : verdict.blocks()) {
            for (JsonNode button : block.path("elements")) {
                if (button.path("text").path("text").asText().startsWith("Fix")) {
                    planId = button.get("value").asText();
                }
            }
        }
        assertThat(planId).as("a Fix button").isNotNull();
        click("fix", planId, REQUESTER, "1700000000.000001");
        PostedMessage request = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE)
                && p.blocks().toString().contains("\"approve:"), WAIT);
        world.slack().clear();
        aws.fake().clearCalls();
        return request;
    }

    private void click(String action, String planId, String user, String messageTs) {
        ObjectNode payload = world.requests().blockActionPayload(action + ":" + planId, planId, user, CHANNEL, messageTs,
                world.slack().newResponseUrl());
        assertThat(world.requests().send(world.requests().blockActionsBody(payload)).statusCode()).isEqualTo(200);
    }

    private static String approvalId(PostedMessage message) {
        String blocks = message.blocks().toString();
        int at = blocks.indexOf("\"approve:");
        return blocks.substring(at + 9, blocks.indexOf('"', at + 9));
    }

    private AuditLog audit() {
        return world.injector().getInstance(AuditLog.class);
    }

    private PlanStore store() {
        return world.injector().getInstance(PlanStore.class);
    }

    /** The refusals that concern no account, oldest first. */
    private List<AuditEntry> refusals() {
        List<AuditEntry> entries = new java.util.ArrayList<>(audit().recent("-", 50));
        java.util.Collections.reverse(entries);
        return entries;
    }
}

package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.AuditLog;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.TrustPolicy;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FakeRole;
import dev.eksrole.testing.slack.BlockKitRules;
import dev.eksrole.testing.slack.PostedMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Fix all too big for one Slack message, through the real bot over signed HTTP: it is split into
 * batches, each request shows every one of its IAM calls whole within Block Kit's limits, each batch
 * is approved on its own, and the account ends exactly as planned.
 */
class FixAllInBatchesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String CHANNEL = "C0PLATFORM";
    private static final String PROD = "111111111111";
    private static final int ROLES = 300;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WORKER = awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy");
    private static final String ECR = awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly");

    @TempDir
    Path dir;

    private AwsWorld aws;
    private BotWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** 64 characters, IAM's longest, with every punctuation mark IAM allows in a role name. */
    static String roleName(int i) {
        String name = "eks+ng=%03d,prod.eu@team_NodeInstanceRole-".formatted(i);
        return name + "x".repeat(64 - name.length());
    }

    /** Three kinds of wrong trust: EC2 not allowed, a condition full of mrkdwn, a second principal. */
    static String wrongTrust(int i) {
        return switch (i % 3) {
            case 0 -> "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"eks.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}";
            case 1 -> "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/team\":"
                    + "\"<!channel>&<https://evil|click>`x`\"}}}]}";
            default -> "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}";
        };
    }

    @Test
    void threeHundredBrokenRolesWithLongNamesAreFixedInBatchesEachShownWholeAndApprovedOnItsOwn() throws Exception {
        FakeAccount prod = start(ROLES);
        Map<String, List<String>> callsByRole = new LinkedHashMap<>();
        for (int i = 0; i < ROLES; i++) {
            callsByRole.put(roleName(i), List.of(
                    new PlanStep.AttachPolicy(roleName(i), WORKER).iamCall(),
                    new PlanStep.AttachPolicy(roleName(i), ECR).iamCall(),
                    new PlanStep.ReplaceTrust(roleName(i), TrustPolicy.documentedJson(Partition.AWS), wrongTrust(i)).iamCall()));
        }
        List<String> allCalls = callsByRole.values().stream().flatMap(List::stream).toList();

        String fixAll = pressFixAll();

        // every call of the plan appears, whole, in the requests posted
        Awaitility.await().atMost(WAIT).until(() -> missing(allCalls, requests()).isEmpty());
        List<PostedMessage> requests = requests();
        int batches = requests.size();
        assertThat(batches).as("a plan of %d calls needs more than one message", allCalls.size()).isGreaterThan(1);
        Map<String, Integer> batchOfRole = new HashMap<>();
        for (int b = 0; b < batches; b++) {
            String text = unescaped(requests.get(b));
            assertThat(text).contains("batch " + (b + 1) + " of " + batches);
            for (var role : callsByRole.entrySet()) {
                long shown = role.getValue().stream().filter(text::contains).count();
                if (shown > 0) {
                    assertThat(shown).as("all steps of %s in one batch", role.getKey()).isEqualTo(3);
                    assertThat(batchOfRole.put(role.getKey(), b)).as("%s in one batch only", role.getKey()).isNull();
                    assertThat(text).as("the trust diff of %s is shown", role.getKey())
                            .contains("Trust of `" + role.getKey() + "`, before → after");
                }
            }
        }
        assertThat(batchOfRole).hasSize(ROLES);
        assertThat(world.injector().getInstance(PlanStore.class).find(fixAll).orElseThrow().status().name()).isEqualTo("SPLIT");

        // each batch approved on its own, with a double click each: applied once
        List<CompletableFuture<HttpResponse<String>>> clicks = new ArrayList<>();
        for (PostedMessage request : requests) {
            for (int twice = 0; twice < 2; twice++) {
                var payload = world.requests().blockActionPayload("approve:" + approvalId(request), approvalId(request), APPROVER,
                        CHANNEL, request.ts(), world.slack().newResponseUrl());
                clicks.add(world.requests().sendAsync(world.requests().blockActionsBody(payload)));
            }
        }
        for (var c : clicks) {
            assertThat(c.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        List<PostedMessage> outcomes = new ArrayList<>();
        for (PostedMessage request : requests) {
            outcomes.add(world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && request.ts().equals(p.ts())
                    && p.containsText(":white_check_mark: Applied"), Duration.ofSeconds(180)));
        }

        // the account is exactly as planned, each call made once
        for (int i = 0; i < ROLES; i++) {
            FakeRole role = prod.role(roleName(i));
            assertThat(role.attachedPolicyArns()).as(roleName(i)).containsExactlyInAnyOrder(WORKER, ECR);
            assertThat(JSON.readTree(role.trustJson())).as(roleName(i)).isEqualTo(JSON.readTree(TrustPolicy.documentedJson(Partition.AWS)));
        }
        assertThat(aws.fake().calls("AttachRolePolicy").stream().filter(c -> c.succeeded())).hasSize(2 * ROLES);
        assertThat(aws.fake().calls("UpdateAssumeRolePolicy").stream().filter(c -> c.succeeded())).hasSize(ROLES);
        assertThat(aws.fake().calls("CreateRole")).isEmpty();

        // every outcome keeps every step line whole
        for (int b = 0; b < batches; b++) {
            String request = unescaped(requests.get(b));
            String outcome = unescaped(outcomes.get(b));
            for (String call : allCalls) {
                if (request.contains(call)) {
                    assertThat(outcome).as("outcome of batch %d", b + 1).contains(":white_check_mark: `" + call + "` · done");
                }
            }
        }
        List<AuditEntry> audit = world.injector().getInstance(AuditLog.class).recent(PROD, 100_000);
        for (int b = 1; b <= batches; b++) {
            String label = "batch " + b + " of " + batches;
            assertThat(audit).as(label).anySatisfy(e -> assertThat(e.action() + " " + e.detail()).startsWith("plan ").contains(label));
            assertThat(audit).as(label).anySatisfy(e -> assertThat(e.action() + " " + e.detail()).startsWith("applied ").contains(label));
        }
        assertThat(audit).filteredOn(e -> e.action().equals("approve")).hasSize(batches);

        // nothing the bot posted broke Block Kit's limits, after escaping
        assertThat(world.slack().refusals()).isEmpty();
        int maxBlocks = 0;
        int maxSection = 0;
        for (PostedMessage post : world.slack().posts()) {
            assertThat(BlockKitRules.violations(post.blocks())).as(post.describe()).isEmpty();
            maxBlocks = Math.max(maxBlocks, post.blocks().size());
            for (JsonNode block : post.blocks()) {
                maxSection = Math.max(maxSection, block.path("text").path("text").asText().length());
            }
        }
        int maxRequestBlocks = requests.stream().mapToInt(r -> r.blocks().size()).max().orElseThrow();
        int maxOutcomeBlocks = outcomes.stream().mapToInt(r -> r.blocks().size()).max().orElseThrow();
        System.out.printf("%nFix all of %d roles with 64-character names (%d IAM calls): %d batches of %s roles; "
                        + "request ≤ %d blocks, outcome ≤ %d blocks; any message ≤ %d blocks, section text ≤ %d characters%n%n",
                ROLES, allCalls.size(), batches, requests.stream().map(r -> String.valueOf(
                        batchOfRole.values().stream().filter(v -> v == requests.indexOf(r)).count())).collect(Collectors.joining("/")),
                maxRequestBlocks, maxOutcomeBlocks, maxBlocks, maxSection);
    }

    @Test
    void aBatchWhoseRolesChangedAppliesNothingAndIsPlannedAfreshWhileTheSplitPlanCannotBeApproved() throws Exception {
        FakeAccount prod = start(60);
        // Slack allows about one message a second per channel: requests posted together may be told to wait
        String fixAll = pressFixAll(() -> {
            world.slack().awaitPost(p -> p.threadTs() != null && p.containsText(roleName(59)), WAIT);
            world.slack().rateLimitNext("chat.postMessage", 2);
        });
        Awaitility.await().atMost(WAIT).until(() -> requests().size() >= 2 && unescaped(requests().get(requests().size() - 1))
                .contains(roleName(59)));
        List<PostedMessage> requests = requests();
        assertThat(requests).hasSize(2).allSatisfy(r -> assertThat(r.ts()).isNotNull());
        assertThat(world.slack().calls("chat.postMessage").size()).isGreaterThan(world.slack().posts(PostedMessage.POST_MESSAGE).size());
        PostedMessage first = requests.get(0);
        PostedMessage second = requests.get(1);
        String changedRole = roleName(59);
        assertThat(unescaped(second)).contains("batch 2 of 2").contains(changedRole);
        assertThat(unescaped(first)).doesNotContain(changedRole);
        // someone edits the trust of a role of batch 2 before it is approved
        String edited = wrongTrust(0).replace("eks.amazonaws.com", "ssm.amazonaws.com");
        prod.setTrust(changedRole, edited);

        click("approve", approvalId(first), APPROVER, first.ts());
        click("approve", approvalId(second), APPROVER, second.ts());

        world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && first.ts().equals(p.ts())
                && p.containsText(":white_check_mark: Applied"), WAIT);
        world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && second.ts().equals(p.ts())
                && p.containsText("changed since this plan was made"), WAIT);
        PostedMessage fresh = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE)
                && !p.ts().equals(second.ts()) && !p.ts().equals(first.ts()) && p.blocks().toString().contains("\"approve:"), WAIT);
        String freshText = unescaped(fresh);
        assertThat(freshText).contains("batch 2 of 2").contains("ssm.amazonaws.com").contains(changedRole)
                .doesNotContain(roleName(0) + " ");
        for (int i = 54; i < 60; i++) {
            assertThat(prod.role(roleName(i)).attachedPolicyArns()).as("nothing of batch 2 applied").isEmpty();
        }
        for (int i = 0; i < 54; i++) {
            assertThat(prod.role(roleName(i)).attachedPolicyArns()).as("batch 1 applied").containsExactlyInAnyOrder(WORKER, ECR);
        }

        // the split plan itself has no Approve, and a forged click on it is refused
        click("approve", fixAll, APPROVER, first.ts());
        world.slack().awaitPost(p -> p.kind().equals(PostedMessage.RESPONSE_URL) && "ephemeral".equals(p.responseType())
                && p.containsText("split into batches"), WAIT);
        click("fix", fixAll, REQUESTER, first.ts());
        world.slack().awaitPost(p -> p.kind().equals(PostedMessage.RESPONSE_URL) && "ephemeral".equals(p.responseType())
                && p.containsText("split into batches") && p.containsText("<@" + REQUESTER + ">"), WAIT);
        assertThat(requests()).hasSize(3);

        click("approve", approvalId(fresh), APPROVER, fresh.ts());
        world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && fresh.ts().equals(p.ts())
                && p.containsText(":white_check_mark: Applied"), WAIT);
        for (int i = 0; i < 60; i++) {
            assertThat(prod.role(roleName(i)).attachedPolicyArns()).as(roleName(i)).containsExactlyInAnyOrder(WORKER, ECR);
            assertThat(JSON.readTree(prod.role(roleName(i)).trustJson())).isEqualTo(JSON.readTree(TrustPolicy.documentedJson(Partition.AWS)));
        }
        assertThat(world.slack().refusals()).isEmpty();
    }

    // ---- driving Slack as a person would ----

    /** The account with {@code roles} broken node roles, and the bot. */
    private FakeAccount start(int roles) throws Exception {
        aws = AwsWorld.start(dir);
        FakeAccount prod = aws.addTarget(PROD, "prod-eu", AWS);
        aws.config("approvers: {users: [" + APPROVER + "]}");
        for (int i = 0; i < roles; i++) {
            prod.addRole(roleName(i), "/", wrongTrust(i));
        }
        world = BotWorld.http(aws);
        return prod;
    }

    /** Checks the account and presses Fix all; returns the fix-all plan's id. */
    private String pressFixAll() {
        return pressFixAll(() -> { });
    }

    private String pressFixAll(Runnable beforeFix) {
        world.requests().send(world.command("check prod-eu", REQUESTER, CHANNEL));
        PostedMessage verdict = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE) && p.threadTs() == null
                && p.text() != null && p.text().startsWith("NEEDS_FIX"), WAIT);
        String fixAll = planId(verdict, "Fix all");
        beforeFix.run();
        assertThat(click("fix", fixAll, REQUESTER, verdict.ts()).statusCode()).isEqualTo(200);
        return fixAll;
    }

    private List<PostedMessage> requests() {
        return world.slack().posts(PostedMessage.POST_MESSAGE).stream().filter(p -> p.blocks().toString().contains("\"approve:")).toList();
    }

    private static List<String> missing(List<String> calls, List<PostedMessage> requests) {
        String all = requests.stream().map(FixAllInBatchesEndToEndTest::unescaped).collect(Collectors.joining("\n"));
        return calls.stream().filter(c -> !all.contains(c)).toList();
    }

    /** Every text of a message's blocks, with Slack's three escapes undone. */
    static String unescaped(PostedMessage message) {
        StringBuilder all = new StringBuilder();
        for (JsonNode block : message.blocks()) {
            JsonNode text = block.path("text").path("text");
            if (text.isTextual()) {
                all.append(text.asText()).append('\n');
            }
            for (JsonNode element : block.path("elements")) {
                if (element.path("text").isTextual()) {
                    all.append(element.path("text").asText()).append('\n');
                }
            }
        }
        return all.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private HttpResponse<String> click(String action, String planId, String user, String messageTs) {
        var payload = world.requests().blockActionPayload(action + ":" + planId, planId, user, CHANNEL, messageTs,
                world.slack().newResponseUrl());
        return world.requests().send(world.requests().blockActionsBody(payload));
    }

    private static String planId(PostedMessage message, String labelStart) {
        for (JsonNode block : message.blocks()) {
            if ("actions".equals(block.path("type").asText())) {
                for (JsonNode button : block.get("elements")) {
                    if (button.get("text").get("text").asText().startsWith(labelStart)) {
                        return button.get("value").asText();
                    }
                }
            }
        }
        throw new AssertionError("no button '" + labelStart + "' in " + message.blocks());
    }

    private static String approvalId(PostedMessage message) {
        String blocks = message.blocks().toString();
        int at = blocks.indexOf("\"approve:");
        return blocks.substring(at + 9, blocks.indexOf('"', at + 9));
    }
}

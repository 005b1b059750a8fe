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
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FakeRole;
import dev.eksrole.testing.slack.PostedMessage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixes end to end: signed block_actions over HTTP to the running bot, IAM on the fake, Slack on the
 * stand-in. The fake's state after a fix is compared with what the plan said.
 */
class ApprovalEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String GROUP_MEMBER = "U0GROUPED1";
    private static final String STRANGER = "U0STRANGE1";
    private static final String CHANNEL = "C0PLATFORM";
    private static final String PROD = "111111111111";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private AwsWorld aws;
    private FakeAccount prod;
    private final List<AutoCloseable> closing = new ArrayList<>();

    private BotWorld start(String extraConfig) throws Exception {
        aws = AwsWorld.start(dir);
        prod = aws.addTarget(PROD, "prod-eu", AWS);
        if (extraConfig == null || !extraConfig.contains("approvers:")) {
            aws.config("approvers: {users: [" + APPROVER + "], usergroups: [S0PLATFORM]}");
        }
        aws.config("nodeRoles: {tags: {managed-by: eksrole, team: platform}}");
        if (extraConfig != null) {
            aws.config(extraConfig);
        }
        BotWorld world = BotWorld.http(aws);
        world.slack().usergroup("S0PLATFORM", GROUP_MEMBER);
        closing.add(0, world);
        return world;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    // ---- driving Slack as a person would ----

    /** {@code /eksrole check prod-eu} and the verdict the channel got. */
    private PostedMessage check(BotWorld world) {
        String command = world.command("check prod-eu", REQUESTER, CHANNEL);
        String responseUrl = BotWorld.formValue(command, "response_url");
        assertThat(world.requests().send(command).statusCode()).isEqualTo(200);
        return world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);
    }

    /** The plan id behind the button whose label starts so. */
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

    private HttpResponse<String> click(BotWorld world, String action, String planId, String user, String messageTs) {
        var payload = world.requests().blockActionPayload(action + ":" + planId, planId, user, CHANNEL, messageTs,
                world.slack().newResponseUrl());
        return world.requests().send(world.requests().blockActionsBody(payload));
    }

    /** Presses Fix… and returns the approval request posted to the channel. */
    private PostedMessage requestFix(BotWorld world, PostedMessage verdict, String label) {
        String planId = planId(verdict, label);
        assertThat(click(world, "fix", planId, REQUESTER, "1700000000.000001").statusCode()).isEqualTo(200);
        return world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE) && p.blocks().toString().contains("approve:"
                + approvalId(p)), WAIT);
    }

    private static String approvalId(PostedMessage message) {
        String blocks = message.blocks().toString();
        int at = blocks.indexOf("\"approve:");
        return at < 0 ? "none" : blocks.substring(at + 9, blocks.indexOf('"', at + 9));
    }

    private PostedMessage awaitUpdate(BotWorld world, PostedMessage request, String text) {
        return world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && request.ts().equals(p.ts())
                && p.containsText(text), WAIT);
    }

    private PostedMessage awaitEphemeral(BotWorld world, String user, String text) {
        return world.slack().awaitPost(p -> p.kind().equals(PostedMessage.RESPONSE_URL) && "ephemeral".equals(p.responseType())
                && p.containsText(text), WAIT);
    }

    private static long writes(AwsWorld aws) {
        return aws.fake().calls().stream().filter(c -> List.of("CreateRole", "AttachRolePolicy", "DetachRolePolicy",
                "UpdateAssumeRolePolicy", "TagRole").contains(c.action())).count();
    }

    private List<AuditEntry> audit(BotWorld world) {
        return world.injector().getInstance(AuditLog.class).recent(PROD, 200);
    }

    // ---- the tests ----

    @Test
    void approvingCreatesExactlyTheRoleThePlanDescribed() throws Exception {
        BotWorld world = start(null);
        PostedMessage verdict = check(world);
        assertThat(verdict.text()).startsWith("NEEDS_FIX");
        PostedMessage request = requestFix(world, verdict, "Fix… create NodeInstanceRole");
        assertThat(request.blocks().toString())
                .contains("iam:CreateRole RoleName=NodeInstanceRole Path=/ Description=\\\"Amazon EKS - Node Group Role\\\"")
                .contains("iam:AttachRolePolicy RoleName=NodeInstanceRole PolicyArn=arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy")
                .contains("Requested by <@" + REQUESTER + ">")
                .contains("<@" + APPROVER + ">").contains("<!subteam^S0PLATFORM>");
        assertThat(writes(aws)).isZero();

        click(world, "approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(world, request, "Applied");
        FakeRole role = prod.role("NodeInstanceRole");
        assertThat(role.path()).isEqualTo("/");
        assertThat(role.description()).isEqualTo("Amazon EKS - Node Group Role");
        assertThat(JSON.readTree(role.trustJson())).isEqualTo(JSON.readTree(dev.eksrole.noderole.TrustPolicy.documentedJson(
                dev.eksrole.noderole.Partition.AWS)));
        assertThat(role.attachedPolicyArns()).containsExactlyInAnyOrder(
                awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"), awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
        assertThat(role.tags()).isEqualTo(Map.of("managed-by", "eksrole", "team", "platform"));
        assertThat(aws.fake().calls("CreateRole")).hasSize(1);
        assertThat(aws.fake().calls("CreateRole").get(0).parameter("RoleSessionName")).isNull();
        // the channel then sees the account as it is now
        world.slack().awaitPost(p -> p.text() != null && p.text().startsWith("OK: EKS node role check of prod-eu"), WAIT);
        PostedMessage applied = awaitUpdate(world, request, "Applied");
        assertThat(applied.blocks().toString()).doesNotContain("\"approve:").contains("Approved by <@" + APPROVER + ">");
        assertThat(audit(world)).extracting(AuditEntry::action)
                .contains("check", "plan", "approve", "iam:CreateRole", "iam:AttachRolePolicy", "applied");
        assertThat(aws.fake().calls("AssumeRole").stream().map(c -> c.parameter("RoleSessionName")))
                .contains("eksrole-" + APPROVER);
    }

    @Test
    void aGroupMemberMayApproveAndResultsAreAuditedInHistory() throws Exception {
        BotWorld world = start(null);
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");

        click(world, "approve", approvalId(request), GROUP_MEMBER, request.ts());

        awaitUpdate(world, request, "Applied");
        HttpResponse<String> history = world.requests().send(world.command("history prod-eu", STRANGER, CHANNEL));
        assertThat(history.body()).contains("iam:CreateRole").contains("approve").contains(GROUP_MEMBER);
    }

    @Test
    void rejectChangesNothing() throws Exception {
        BotWorld world = start(null);
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");

        click(world, "reject", approvalId(request), APPROVER, request.ts());

        awaitUpdate(world, request, "Rejected by <@" + APPROVER + ">");
        click(world, "approve", approvalId(request), APPROVER, request.ts());
        awaitEphemeral(world, APPROVER, "was rejected");
        assertThat(writes(aws)).isZero();
        assertThat(prod.role("NodeInstanceRole")).isNull();
    }

    @Test
    void anExpiredPlanChangesNothingAndOffersARecheck() throws Exception {
        BotWorld world = start("planExpiry: 3s");
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");
        PlanStore store = world.injector().getInstance(PlanStore.class);
        var expiresAt = store.find(approvalId(request)).orElseThrow().expiresAt();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> java.time.Instant.now().isAfter(expiresAt));

        click(world, "approve", approvalId(request), APPROVER, request.ts());

        PostedMessage expired = awaitUpdate(world, request, "expired");
        assertThat(expired.blocks().toString()).contains("recheck:").doesNotContain("\"approve:");
        assertThat(store.find(approvalId(request)).orElseThrow().status()).isEqualTo(PlanStatus.EXPIRED);
        assertThat(writes(aws)).isZero();

        click(world, "recheck", approvalId(request), APPROVER, request.ts());
        world.slack().awaitPost(p -> p.text() != null && p.text().startsWith("NEEDS_FIX: EKS node role check of prod-eu")
                && p.containsText("Asked by <@" + APPROVER + ">"), WAIT);
    }

    @Test
    void theRequesterCannotApproveTheirOwnFixAndStrangersCannotApprove() throws Exception {
        BotWorld world = start("approvers: {users: [" + APPROVER + ", " + REQUESTER + "]}");
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");

        click(world, "approve", approvalId(request), REQUESTER, request.ts());
        PostedMessage self = awaitEphemeral(world, REQUESTER, "someone else must approve");
        click(world, "approve", approvalId(request), STRANGER, request.ts());
        PostedMessage stranger = awaitEphemeral(world, STRANGER, "not an approver");

        assertThat(stranger.containsText("<@" + APPROVER + ">")).isTrue();
        assertThat(self.containsText("<@" + APPROVER + ">")).isTrue();
        assertThat(writes(aws)).isZero();
        PlanStore store = world.injector().getInstance(PlanStore.class);
        assertThat(store.find(approvalId(request)).orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
        assertThat(audit(world)).filteredOn(e -> e.action().equals("refuse")).hasSize(2);
    }

    @Test
    void selfApprovalWorksWhenConfigAllowsIt() throws Exception {
        BotWorld world = start("allowSelfApproval: true\napprovers: {users: [" + REQUESTER + "]}");
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");

        click(world, "approve", approvalId(request), REQUESTER, request.ts());

        awaitUpdate(world, request, "Applied");
        assertThat(prod.role("NodeInstanceRole")).isNotNull();
    }

    @Test
    void fiftyConcurrentApproveClicksApplyOnce() throws Exception {
        BotWorld world = start(null);
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");
        String id = approvalId(request);

        List<CompletableFuture<HttpResponse<String>>> clicks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            var payload = world.requests().blockActionPayload("approve:" + id, id, APPROVER, CHANNEL, request.ts(),
                    world.slack().newResponseUrl());
            clicks.add(world.requests().sendAsync(world.requests().blockActionsBody(payload)));
        }
        for (var c : clicks) {
            assertThat(c.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        awaitUpdate(world, request, "Applied");
        Awaitility.await().atMost(WAIT).until(() -> world.slack().posts(PostedMessage.RESPONSE_URL).stream()
                .filter(p -> "ephemeral".equals(p.responseType())).count() >= 49);
        assertThat(aws.fake().calls("CreateRole")).hasSize(1);
        assertThat(aws.fake().calls("AttachRolePolicy")).hasSize(2);
        assertThat(audit(world)).filteredOn(e -> e.action().equals("approve")).hasSize(1);
    }

    @Test
    void twoBotInstancesSharingOnePostgresApplyOnce() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        closing.add(postgres);
        BotWorld first = start("store: {jdbcUrl: \"" + postgres.getJdbcUrl("postgres", "postgres") + "\", username: postgres}");
        BotWorld second = first.another();
        closing.add(0, second);
        PostedMessage request = requestFix(first, check(first), "Fix… create NodeInstanceRole");
        String id = approvalId(request);

        List<CompletableFuture<HttpResponse<String>>> clicks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BotWorld instance = i % 2 == 0 ? first : second;
            var payload = instance.requests().blockActionPayload("approve:" + id, id, APPROVER, CHANNEL, request.ts(),
                    instance.slack().newResponseUrl());
            clicks.add(instance.requests().sendAsync(instance.requests().blockActionsBody(payload)));
        }
        for (var c : clicks) {
            assertThat(c.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        awaitUpdate(first, request, "Applied");
        Awaitility.await().atMost(WAIT).until(() -> first.slack().posts(PostedMessage.RESPONSE_URL).stream()
                .filter(p -> "ephemeral".equals(p.responseType())).count() >= 39);
        assertThat(aws.fake().calls("CreateRole")).hasSize(1);
        assertThat(audit(first)).filteredOn(e -> e.action().equals("approve")).hasSize(1);
    }

    @Test
    void driftBetweenPlanAndApprovalAppliesNothingAndPostsAFreshPlan() throws Exception {
        BotWorld world = start(null);
        prod.addRole("NodeInstanceRole", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}");
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
        PostedMessage request = requestFix(world, check(world), "Fix… replace the trust");
        assertThat(request.blocks().toString()).contains("sts:TagSession");
        // someone edits the trust before the approver gets to it
        prod.setTrust("NodeInstanceRole", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":[\"ec2.amazonaws.com\",\"ssm.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}");

        click(world, "approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(world, request, "changed since this plan");
        PostedMessage fresh = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE)
                && !p.ts().equals(request.ts()) && p.blocks().toString().contains("\"approve:"), WAIT);
        assertThat(fresh.blocks().toString()).contains("ssm.amazonaws.com").contains("Requested by <@" + REQUESTER + ">");
        assertThat(writes(aws)).isZero();
        PlanStore store = world.injector().getInstance(PlanStore.class);
        assertThat(store.find(approvalId(request)).orElseThrow().status()).isEqualTo(PlanStatus.SUPERSEDED);
        assertThat(store.find(approvalId(fresh)).orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
    }

    @Test
    void aFixSomeoneElseAlreadyMadeAppliesNothing() throws Exception {
        BotWorld world = start(null);
        prod.addRole("NodeInstanceRole");
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        PostedMessage request = requestFix(world, check(world), "Fix… attach AmazonEC2ContainerRegistryReadOnly");
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryPullOnly"));

        click(world, "approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(world, request, "no longer needs this fix");
        assertThat(writes(aws)).isZero();
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).doesNotContain(awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
    }

    @Test
    void aFailureAfterTheRoleWasCreatedIsReportedHonestlyAndResumeCompletesIt() throws Exception {
        BotWorld world = start(null);
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");
        aws.fake().failNext("AttachRolePolicy", 500, "ServiceFailure", "internal failure", 20);

        click(world, "approve", approvalId(request), APPROVER, request.ts());

        PostedMessage partial = awaitUpdate(world, request, "Stopped part-way");
        assertThat(partial.blocks().toString()).contains("1 of 5 steps done").contains("\"resume:")
                .contains(":white_check_mark: `iam:CreateRole").contains(":x: `iam:AttachRolePolicy");
        assertThat(prod.role("NodeInstanceRole")).isNotNull();
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).isEmpty();
        aws.fake().reset();

        click(world, "resume", approvalId(request), APPROVER, request.ts());

        PostedMessage applied = awaitUpdate(world, request, "Applied");
        assertThat(applied.containsText("Resumed by <@" + APPROVER + ">")).isTrue();
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).hasSize(2);
        assertThat(prod.instanceProfilesForRole("NodeInstanceRole")).as("creating a role creates its instance profile, resumed or not")
                .extracting(p -> p.name()).containsExactly("NodeInstanceRole");
        assertThat(aws.fake().calls("CreateRole")).as("a done step is not run again").hasSize(1);
        assertThat(world.injector().getInstance(PlanStore.class).find(approvalId(request)).orElseThrow().status())
                .isEqualTo(PlanStatus.APPLIED);
    }

    @Test
    void resumeReChecksTheAccountAndAppliesNothingWhenATrustChangedMeanwhile() throws Exception {
        BotWorld world = start(null);
        String wrongTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        prod.addRole("NodeInstanceRole", "/", wrongTrust);
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        PostedMessage request = requestFix(world, check(world), "Fix all");
        aws.fake().failNext("UpdateAssumeRolePolicy", 500, "ServiceFailure", "internal failure", 20);
        click(world, "approve", approvalId(request), APPROVER, request.ts());
        awaitUpdate(world, request, "Stopped part-way");
        aws.fake().reset();
        prod.setTrust("NodeInstanceRole", wrongTrust.replace("eks.amazonaws.com", "ssm.amazonaws.com"));

        click(world, "resume", approvalId(request), APPROVER, request.ts());

        awaitUpdate(world, request, "changed since it was approved");
        assertThat(aws.fake().calls("UpdateAssumeRolePolicy")).allSatisfy(c -> assertThat(c.succeeded()).isFalse());
        assertThat(prod.role("NodeInstanceRole").trustJson()).contains("ssm.amazonaws.com");
        assertThat(world.injector().getInstance(PlanStore.class).find(approvalId(request)).orElseThrow().status())
                .isEqualTo(PlanStatus.SUPERSEDED);
    }

    @Test
    void aRestartBetweenPlanAndApprovalLosesNothing() throws Exception {
        BotWorld first = start(null);
        PostedMessage request = requestFix(first, check(first), "Fix… create NodeInstanceRole");
        first.stopBot();
        closing.remove(first);
        BotWorld restarted = first.another();
        closing.add(0, restarted);

        click(restarted, "approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(restarted, request, "Applied");
        assertThat(prod.role("NodeInstanceRole")).isNotNull();
    }

    @Test
    void aFixInterruptedByACrashBecomesResumableAtTheNextStart() throws Exception {
        BotWorld first = start(null);
        PostedMessage request = requestFix(first, check(first), "Fix… create NodeInstanceRole");
        PlanStore store = first.injector().getInstance(PlanStore.class);
        var pending = store.find(approvalId(request)).orElseThrow();
        // as if the bot had been killed mid-apply an hour ago: the plan is APPLYING, its window long past
        String id = "crashed-" + pending.id().substring(0, 8);
        store.insert(new dev.eksrole.store.PlanRecord(id, pending.accountId(), pending.kind(), pending.roleName(),
                pending.planJson(), PlanStatus.APPLYING, REQUESTER, java.time.Instant.now().minus(Duration.ofHours(2)),
                java.time.Instant.now().minus(Duration.ofHours(1)), APPROVER, java.time.Instant.now().minus(Duration.ofHours(1)),
                CHANNEL, request.ts(), null));
        first.stopBot();
        closing.remove(first);

        BotWorld restarted = first.another();
        closing.add(0, restarted);

        assertThat(restarted.injector().getInstance(PlanStore.class).find(id).orElseThrow().status()).isEqualTo(PlanStatus.FAILED);
        PostedMessage note = awaitUpdate(restarted, request, "stopped while applying");
        assertThat(note.blocks().toString()).contains("\"resume:" + id);
        click(restarted, "resume", id, APPROVER, request.ts());
        awaitUpdate(restarted, request, "Applied");
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).hasSize(2);
        assertThat(prod.instanceProfilesForRole("NodeInstanceRole")).extracting(p -> p.name()).containsExactly("NodeInstanceRole");
    }

    @Test
    void applyingWhileIamThrottlesCompletes() throws Exception {
        BotWorld world = start(null);
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");
        aws.fake().throttle("CreateRole", 2).throttle("AttachRolePolicy", 3);

        click(world, "approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(world, request, "Applied");
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).hasSize(2);
        assertThat(aws.fake().calls("CreateRole")).hasSize(3);
    }

    @Test
    void aForgedClickIsRefusedAndChangesNothing() throws Exception {
        BotWorld world = start(null);
        PostedMessage request = requestFix(world, check(world), "Fix… create NodeInstanceRole");
        String id = approvalId(request);
        var payload = world.requests().blockActionPayload("approve:" + id, id, APPROVER, CHANNEL, request.ts(), world.slack().newResponseUrl());
        String body = world.requests().blockActionsBody(payload);
        long now = java.time.Instant.now().getEpochSecond();

        assertThat(world.requests().sendWithSignature(body, now, "v0=" + "0".repeat(64)).statusCode()).isEqualTo(401);
        assertThat(writes(aws)).isZero();
        assertThat(world.injector().getInstance(PlanStore.class).find(id).orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
    }
}

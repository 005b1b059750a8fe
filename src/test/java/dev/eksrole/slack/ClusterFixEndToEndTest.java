package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FakeCluster;
import dev.eksrole.testing.aws.FakeRole;
import dev.eksrole.testing.aws.RecordedCall;
import dev.eksrole.testing.slack.PostedMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster fixes through the real approval flow: {@code /eksrole check} and button clicks as signed HTTP
 * requests to the running bot, the real AWS SDK against the wire-level IAM/STS/EKS fake, whose state shows
 * that Approve changed exactly what the request showed, once.
 */
class ClusterFixEndToEndTest {

    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String CHANNEL = "C0PLATFORM";
    private static final String PROD = "111111111111";
    private static final String EU = "eu-west-1";
    private static final String NG_ROLE = "workers-prod";
    private static final String AL2023 = "AL2023_x86_64_STANDARD";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private AwsWorld aws;
    private FakeAccount prod;
    private BotWorld world;

    @BeforeEach
    void accounts() {
        aws = AwsWorld.start(dir);
        prod = aws.addTarget(PROD, "prod-eu", AWS);
        aws.config("approvers: {users: [" + APPROVER + "]}");
        aws.config("regions: [" + EU + "]");
    }

    private void startBot() throws Exception {
        world = BotWorld.http(aws);
    }

    @AfterEach
    void stop() throws Exception {
        if (world != null) {
            world.close();
        }
        aws.close();
    }

    private String arn(String role) {
        return "arn:aws:iam::" + PROD + ":role/" + role;
    }

    private void role(String name, String... policies) {
        prod.addRole(name, "/", prod.ec2TrustPolicy());
        for (String policy : policies) {
            prod.attach(name, awsManagedPolicyArn(AWS, policy));
        }
    }

    private FakeCluster apiCluster() {
        return prod.addCluster(EU, "prod", arn("prod-cluster-role"), "API");
    }

    // ---- driving Slack as a person would ----

    private PostedMessage check() {
        String command = world.command("check prod-eu", REQUESTER, CHANNEL);
        String responseUrl = BotWorld.formValue(command, "response_url");
        assertThat(world.requests().send(command).statusCode()).isEqualTo(200);
        return world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);
    }

    private static String planId(PostedMessage message, String label) {
        for (JsonNode block : message.blocks()) {
            if ("actions".equals(block.path("type").asText())) {
                for (JsonNode button : block.get("elements")) {
                    if (button.get("text").get("text").asText().equals(label)) {
                        return button.get("value").asText();
                    }
                }
            }
        }
        throw new AssertionError("no button '" + label + "' in " + message.blocks());
    }

    private HttpResponse<String> click(String action, String planId, String user, String messageTs) {
        var payload = world.requests().blockActionPayload(action + ":" + planId, planId, user, CHANNEL, messageTs,
                world.slack().newResponseUrl());
        return world.requests().send(world.requests().blockActionsBody(payload));
    }

    private PostedMessage requestFix(PostedMessage verdict, String label) {
        String planId = planId(verdict, label);
        assertThat(click("fix", planId, REQUESTER, "1700000000.000001").statusCode()).isEqualTo(200);
        return world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE) && p.blocks().toString().contains("approve:"
                + approvalId(p)), WAIT);
    }

    private static String approvalId(PostedMessage message) {
        String blocks = message.blocks().toString();
        int at = blocks.indexOf("\"approve:");
        return at < 0 ? "none" : blocks.substring(at + 9, blocks.indexOf('"', at + 9));
    }

    private PostedMessage awaitUpdate(PostedMessage request, String text) {
        return world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && request.ts().equals(p.ts())
                && p.containsText(text), WAIT);
    }

    private long eksWrites() {
        return aws.fake().calls().stream().filter(c -> "eks".equals(c.service())
                && List.of("CreateAccessEntry", "DeleteAccessEntry").contains(c.action())).count();
    }

    // ---- the tests ----

    @Test
    void concurrentApprovalsCreateTheAccessEntryTheRequestShowedOnce() throws Exception {
        role(NG_ROLE, "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
        apiCluster().addNodegroup("general", arn(NG_ROLE), AL2023);
        startBot();

        PostedMessage verdict = check();
        assertThat(verdict.text()).startsWith("NEEDS_FIX");
        assertThat(verdict.blocks().toString()).contains("Cluster eu-west-1/prod", "NEEDS_FIX", "general → " + NG_ROLE);
        PostedMessage request = requestFix(verdict, "Fix… create the access entry in eu-west-1/prod");
        assertThat(request.blocks().toString()).contains("eks:CreateAccessEntry clusterName=prod region=eu-west-1 principalArn="
                + arn(NG_ROLE) + " type=EC2_LINUX");
        assertThat(eksWrites()).isZero();
        String id = approvalId(request);

        List<CompletableFuture<HttpResponse<String>>> clicks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var payload = world.requests().blockActionPayload("approve:" + id, id, APPROVER, CHANNEL, request.ts(),
                    world.slack().newResponseUrl());
            clicks.add(world.requests().sendAsync(world.requests().blockActionsBody(payload)));
        }
        for (var c : clicks) {
            assertThat(c.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        awaitUpdate(request, "Applied");
        Awaitility.await().atMost(WAIT).until(() -> world.slack().posts(PostedMessage.RESPONSE_URL).stream()
                .filter(p -> "ephemeral".equals(p.responseType())).count() >= 19);
        FakeCluster.AccessEntry entry = prod.cluster(EU, "prod").accessEntry(arn(NG_ROLE));
        assertThat(entry).isNotNull();
        assertThat(entry.type()).isEqualTo("EC2_LINUX");
        assertThat(prod.cluster(EU, "prod").accessEntries()).hasSize(1);
        List<RecordedCall> creates = aws.fake().calls("CreateAccessEntry");
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).signingRegion()).isEqualTo(EU);
        assertThat(world.injector().getInstance(PlanStore.class).find(id).orElseThrow().status()).isEqualTo(PlanStatus.APPLIED);
    }

    @Test
    void driftBetweenPlanAndApprovalOfAnAccessEntryAppliesNothingAndPostsAFreshPlan() throws Exception {
        role(NG_ROLE, "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
        FakeCluster cluster = apiCluster();
        cluster.addNodegroup("general", arn(NG_ROLE), AL2023);
        startBot();
        PostedMessage request = requestFix(check(), "Fix… create the access entry in eu-west-1/prod");
        // a Windows node group joins with the same role: its nodes need an EC2_WINDOWS entry instead
        cluster.addNodegroup("windows", arn(NG_ROLE), "WINDOWS_CORE_2022_x86_64");

        click("approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(request, "changed since this plan");
        PostedMessage fresh = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE)
                && !p.ts().equals(request.ts()) && p.blocks().toString().contains("\"approve:"), WAIT);
        assertThat(fresh.blocks().toString()).contains("type=EC2_WINDOWS");
        assertThat(eksWrites()).isZero();
        assertThat(cluster.accessEntries()).isEmpty();
        PlanStore store = world.injector().getInstance(PlanStore.class);
        assertThat(store.find(approvalId(request)).orElseThrow().status()).isEqualTo(PlanStatus.SUPERSEDED);
    }

    @Test
    void replacingAWrongTypeEntryShowsWhatGoesWithItThenDeletesAndCreates() throws Exception {
        role(NG_ROLE, "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
        FakeCluster cluster = apiCluster();
        cluster.addNodegroup("general", arn(NG_ROLE), AL2023);
        cluster.addAccessEntry(arn(NG_ROLE), "STANDARD", "ops-user", "ops-team");
        cluster.associateAccessPolicy(arn(NG_ROLE), "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", List.of("apps"));
        startBot();

        PostedMessage verdict = check();
        assertThat(verdict.blocks().toString()).doesNotContain("Fix all");
        PostedMessage request = requestFix(verdict, "Fix… replace the access entry in eu-west-1/prod");
        String shown = request.blocks().toString();
        assertThat(shown).contains("1. eks:DeleteAccessEntry clusterName=prod region=eu-west-1 principalArn=" + arn(NG_ROLE))
                .contains("username=ops-user", "ops-team", "AmazonEKSViewPolicy (namespaces apps)")
                .contains("2. eks:CreateAccessEntry clusterName=prod region=eu-west-1 principalArn=" + arn(NG_ROLE) + " type=EC2_LINUX");
        assertThat(shown.indexOf("eks:DeleteAccessEntry")).isLessThan(shown.indexOf("eks:CreateAccessEntry"));

        click("approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(request, "Applied");
        FakeCluster.AccessEntry entry = cluster.accessEntry(arn(NG_ROLE));
        assertThat(entry.type()).isEqualTo("EC2_LINUX");
        assertThat(entry.policies()).isEmpty();
        assertThat(aws.fake().calls("DeleteAccessEntry")).hasSize(1);
        assertThat(aws.fake().calls("CreateAccessEntry")).hasSize(1);
    }

    @Test
    void aWindowsNodegroupsLinuxEntryIsReplacedByAnEc2WindowsOne() throws Exception {
        role(NG_ROLE, "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
        FakeCluster cluster = apiCluster();
        cluster.addNodegroup("windows", arn(NG_ROLE), "WINDOWS_CORE_2022_x86_64");
        cluster.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");
        startBot();

        PostedMessage verdict = check();
        assertThat(verdict.text()).startsWith("NEEDS_FIX");
        assertThat(verdict.blocks().toString()).contains("Access entry of type EC2_LINUX, not EC2_WINDOWS as its Windows nodes need");
        PostedMessage request = requestFix(verdict, "Fix… replace the access entry in eu-west-1/prod");
        assertThat(request.blocks().toString())
                .contains("1. eks:DeleteAccessEntry clusterName=prod region=eu-west-1 principalArn=" + arn(NG_ROLE))
                .contains("2. eks:CreateAccessEntry clusterName=prod region=eu-west-1 principalArn=" + arn(NG_ROLE) + " type=EC2_WINDOWS");

        click("approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(request, "Applied");
        assertThat(cluster.accessEntry(arn(NG_ROLE)).type()).isEqualTo("EC2_WINDOWS");
        assertThat(aws.fake().calls("DeleteAccessEntry")).hasSize(1);
        assertThat(aws.fake().calls("CreateAccessEntry")).hasSize(1);
        assertThat(check().text()).startsWith("OK");
    }

    @Test
    void approvingCreatesTheInstanceProfileOfANamedRole() throws Exception {
        role("NodeInstanceRole", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
        startBot();

        PostedMessage verdict = check();
        assertThat(verdict.text()).startsWith("WARNING");
        PostedMessage request = requestFix(verdict, "Fix… create the instance profile");
        assertThat(request.blocks().toString())
                .contains("1. iam:CreateInstanceProfile InstanceProfileName=NodeInstanceRole Path=/")
                .contains("2. iam:AddRoleToInstanceProfile InstanceProfileName=NodeInstanceRole RoleName=NodeInstanceRole");
        assertThat(prod.instanceProfiles()).isEmpty();

        click("approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(request, "Applied");
        assertThat(prod.instanceProfile("NodeInstanceRole").roleNames()).containsExactly("NodeInstanceRole");
        assertThat(prod.instanceProfiles()).hasSize(1);
        assertThat(aws.fake().calls("CreateInstanceProfile")).hasSize(1);
        assertThat(aws.fake().calls("AddRoleToInstanceProfile")).hasSize(1);
    }

    @Test
    void approvingCreatesTheRoleANodegroupNamesWithItsExactNameAndPath() throws Exception {
        String missing = "arn:aws:iam::" + PROD + ":role/eks/nodes/workers-gone";
        FakeCluster cluster = apiCluster();
        cluster.addNodegroup("general", missing, AL2023);
        cluster.addAccessEntry(missing, "EC2_LINUX");
        startBot();

        PostedMessage verdict = check();
        assertThat(verdict.blocks().toString()).contains("uses " + missing + ", which does not exist");
        PostedMessage request = requestFix(verdict, "Fix… create workers-gone");
        assertThat(request.blocks().toString()).contains("iam:CreateRole RoleName=workers-gone Path=/eks/nodes/");

        click("approve", approvalId(request), APPROVER, request.ts());

        awaitUpdate(request, "Applied");
        FakeRole created = prod.role("workers-gone");
        assertThat(created.arn()).isEqualTo(missing);
        assertThat(created.attachedPolicyArns()).containsExactlyInAnyOrder(awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"),
                awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
        assertThat(prod.instanceProfile("workers-gone").roleNames()).containsExactly("workers-gone");
    }

    @Test
    void clusterRoleReuseAndHealthIssuesOfferNoFixButSayWhatToDo() throws Exception {
        role(NG_ROLE, "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
        FakeCluster cluster = prod.addCluster(EU, "prod", arn(NG_ROLE), "API");
        cluster.addNodegroup("general", arn(NG_ROLE), AL2023, FakeCluster.issue("NodeCreationFailure", "Instances failed to join"));
        cluster.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");
        startBot();

        PostedMessage verdict = check();

        String blocks = verdict.blocks().toString();
        assertThat(blocks).contains("is both a node role and the cluster role of prod", "eksrole makes no change for this",
                "NodeCreationFailure: Instances failed to join");
        assertThat(blocks).doesNotContain("\"fix:");
    }
}

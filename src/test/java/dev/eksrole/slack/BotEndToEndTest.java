package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.slack.PostedMessage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot end to end in HTTP mode: signed slash commands over HTTP, AWS on the fake, Slack on the stand-in. */
class BotEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "U012AB3CD";
    private static final String CHANNEL = "C0PLATFORM";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private AwsWorld aws;
    private FakeAccount prod;
    private BotWorld world;

    @BeforeEach
    void start() throws Exception {
        aws = AwsWorld.start(dir);
        prod = aws.addTarget("111111111111", "prod-eu", AWS);
        aws.addTarget("222222222222", "staging", AWS);
        world = BotWorld.http(aws);
    }

    @AfterEach
    void stop() {
        world.close();
        aws.close();
    }

    private void healthyNodeRole() {
        prod.addRole("NodeInstanceRole");
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** The blocks with the context line's time and duration, and the plan ids of buttons, masked for snapshots. */
    private static JsonNode masked(JsonNode blocks) {
        ArrayNode copy = blocks.deepCopy();
        for (JsonNode block : copy) {
            if ("context".equals(block.path("type").asText())) {
                ((ObjectNode) block.get("elements").get(0)).put("text", "CONTEXT");
            }
            if ("actions".equals(block.path("type").asText())) {
                for (JsonNode element : block.get("elements")) {
                    String actionId = element.get("action_id").asText();
                    ((ObjectNode) element).put("action_id", actionId.substring(0, actionId.indexOf(':') + 1) + "PLAN").put("value", "PLAN");
                }
            }
        }
        return copy;
    }

    @Test
    void healthAnswers200WhenReady() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(world.uri("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    void checkAcksAtOnceToTheAskerAndPostsTheVerdictToTheChannel() throws Exception {
        healthyNodeRole();
        String command = world.command("check prod-eu", USER, CHANNEL);
        String responseUrl = BotWorld.formValue(command, "response_url");

        HttpResponse<String> ack = world.requests().send(command);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(body(ack).get("text").asText()).isEqualTo("Checking prod-eu (111111111111)…");
        assertThat(body(ack).has("response_type")).as("an ack is seen only by the asker").isFalse();
        PostedMessage verdict = world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);
        assertThat(verdict.kind()).isEqualTo(PostedMessage.RESPONSE_URL);
        assertThat(verdict.body().get("response_type").asText()).isEqualTo("in_channel");
        assertThat(verdict.text()).isEqualTo("OK: EKS node role check of prod-eu (111111111111) in aws");
        assertThat(verdict.blocks().get(0).get("text").get("text").asText()).isEqualTo(":white_check_mark: OK · prod-eu (111111111111)");
        JsonNode context = verdict.blocks().get(verdict.blocks().size() - 1);
        assertThat(context.get("elements").get(0).get("text").asText()).startsWith("Asked by <@" + USER + ">");
        assertThat(aws.fake().calls("AssumeRole").get(0).parameter("RoleSessionName")).isEqualTo("eksrole-" + USER);
    }

    private PostedMessage checkAndAwait(String account, String channel) throws Exception {
        String command = world.command("check " + account, USER, channel);
        String responseUrl = BotWorld.formValue(command, "response_url");
        HttpResponse<String> ack = world.requests().send(command);
        assertThat(ack.statusCode()).isEqualTo(200);
        return world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);
    }

    private void setUpVerdict(String verdict) {
        switch (verdict) {
            case "OK" -> healthyNodeRole();
            case "WARNING" -> {
                healthyNodeRole();
                prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKS_CNI_Policy"));
            }
            case "NEEDS_FIX" -> {
                prod.addRole("eks-node-group-NodeInstanceRole-1AB2", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Deny\","
                        + "\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}]}");
                prod.attach("eks-node-group-NodeInstanceRole-1AB2", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
            }
            case "UNKNOWN" -> prod.setTrust(AwsWorld.ACCESS_ROLE, AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT, "not-the-one"));
            default -> throw new IllegalArgumentException(verdict);
        }
    }

    @Test
    void okVerdictIsPostedToTheChannel() throws Exception {
        setUpVerdict("OK");

        PostedMessage posted = checkAndAwait("prod-eu", CHANNEL);

        assertThat(posted.body().get("response_type").asText()).isEqualTo("in_channel");
        assertThat(posted.text()).isEqualTo("OK: EKS node role check of prod-eu (111111111111) in aws");
        assertThat(masked(posted.blocks())).isEqualTo(JSON.readTree("""
            [
              {
                "type": "header",
                "text": {
                  "type": "plain_text",
                  "text": ":white_check_mark: OK · prod-eu (111111111111)",
                  "emoji": true
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*Account* prod-eu · `111111111111` · aws\\nThe node role passes every check."
                }
              },
              {
                "type": "divider"
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*NodeInstanceRole* · OK\\n`arn:aws:iam::111111111111:role/NodeInstanceRole`\\n:white_check_mark: Role exists\\n:white_check_mark: AmazonEKSWorkerNodePolicy attached\\n:white_check_mark: AmazonEC2ContainerRegistryReadOnly attached\\n:white_check_mark: AmazonEKS_CNI_Policy is not on the node role\\n:white_check_mark: Trust lets EC2 assume the role, as documented"
                }
              },
              {
                "type": "context",
                "elements": [
                  {
                    "type": "mrkdwn",
                    "text": "CONTEXT"
                  }
                ]
              }
            ]
            """));
    }

    @Test
    void warningVerdictIsPostedToTheChannel() throws Exception {
        setUpVerdict("WARNING");

        PostedMessage posted = checkAndAwait("prod-eu", CHANNEL);

        assertThat(posted.body().get("response_type").asText()).isEqualTo("in_channel");
        assertThat(posted.text()).isEqualTo("WARNING: EKS node role check of prod-eu (111111111111) in aws");
        assertThat(masked(posted.blocks())).isEqualTo(JSON.readTree("""
            [
              {
                "type": "header",
                "text": {
                  "type": "plain_text",
                  "text": ":warning: WARNING · prod-eu (111111111111)",
                  "emoji": true
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*Account* prod-eu · `111111111111` · aws\\n1 of 1 node role needs attention."
                }
              },
              {
                "type": "divider"
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*NodeInstanceRole* · WARNING\\n`arn:aws:iam::111111111111:role/NodeInstanceRole`\\n:white_check_mark: Role exists\\n:white_check_mark: AmazonEKSWorkerNodePolicy attached\\n:white_check_mark: AmazonEC2ContainerRegistryReadOnly attached\\n:warning: AmazonEKS_CNI_Policy is attached; no role for the aws-node service account carries it · _Keep it for now (detaching would break pod networking): first give aws-node its own role with AmazonEKS_CNI_Policy (IRSA or EKS Pod Identity), then detach it here._\\n:white_check_mark: Trust lets EC2 assume the role, as documented"
                }
              },
              {
                "type": "context",
                "elements": [
                  {
                    "type": "mrkdwn",
                    "text": "CONTEXT"
                  }
                ]
              }
            ]
            """));
    }

    @Test
    void needsFixVerdictIsPostedToTheChannel() throws Exception {
        setUpVerdict("NEEDS_FIX");

        PostedMessage posted = checkAndAwait("prod-eu", CHANNEL);

        assertThat(posted.body().get("response_type").asText()).isEqualTo("in_channel");
        assertThat(posted.text()).isEqualTo("NEEDS_FIX: EKS node role check of prod-eu (111111111111) in aws");
        assertThat(masked(posted.blocks())).isEqualTo(JSON.readTree("""
            [
              {
                "type": "header",
                "text": {
                  "type": "plain_text",
                  "text": ":x: NEEDS_FIX · prod-eu (111111111111)",
                  "emoji": true
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*Account* prod-eu · `111111111111` · aws\\n1 of 1 node role needs attention."
                }
              },
              {
                "type": "actions",
                "elements": [
                  {
                    "type": "button",
                    "text": {
                      "type": "plain_text",
                      "text": "Fix all (2 IAM calls)"
                    },
                    "action_id": "fix:PLAN",
                    "value": "PLAN",
                    "style": "primary"
                  }
                ]
              },
              {
                "type": "divider"
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*eks-node-group-NodeInstanceRole-1AB2* · NEEDS_FIX\\n`arn:aws:iam::111111111111:role/eks-node-group-NodeInstanceRole-1AB2`\\n:white_check_mark: Role exists\\n:white_check_mark: AmazonEKSWorkerNodePolicy attached\\n:x: AmazonEC2ContainerRegistryReadOnly is not attached · _Attach arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly to the role._\\n:white_check_mark: AmazonEKS_CNI_Policy is not on the node role\\n:x: Trust: a Deny statement keeps ec2.amazonaws.com from sts:AssumeRole · _Replace the trust policy with the documented one (Allow, Service EC2, sts:AssumeRole)._"
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "Trust at fault:\\n```{\\n  \\"Effect\\" : \\"Deny\\",\\n  \\"Principal\\" : \\"*\\",\\n  \\"Action\\" : \\"sts:AssumeRole\\"\\n}```"
                }
              },
              {
                "type": "actions",
                "elements": [
                  {
                    "type": "button",
                    "text": {
                      "type": "plain_text",
                      "text": "Fix… attach AmazonEC2ContainerRegistryReadOnly"
                    },
                    "action_id": "fix:PLAN",
                    "value": "PLAN"
                  },
                  {
                    "type": "button",
                    "text": {
                      "type": "plain_text",
                      "text": "Fix… replace the trust"
                    },
                    "action_id": "fix:PLAN",
                    "value": "PLAN"
                  }
                ]
              },
              {
                "type": "context",
                "elements": [
                  {
                    "type": "mrkdwn",
                    "text": "CONTEXT"
                  }
                ]
              }
            ]
            """));
    }

    @Test
    void unknownVerdictIsPostedOnlyToTheAsker() throws Exception {
        setUpVerdict("UNKNOWN");

        PostedMessage posted = checkAndAwait("prod-eu", CHANNEL);

        assertThat(posted.body().get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(posted.text()).isEqualTo("UNKNOWN: EKS node role check of prod-eu (111111111111) in aws");
        assertThat(masked(posted.blocks())).isEqualTo(JSON.readTree("""
            [
              {
                "type": "header",
                "text": {
                  "type": "plain_text",
                  "text": ":grey_question: UNKNOWN · prod-eu (111111111111)",
                  "emoji": true
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*Account* prod-eu · `111111111111` · aws"
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": ":grey_question: *ASSUME_ROLE_FAILED* could not assume arn:aws:iam::111111111111:role/EksRoleAccess: STS refused (AccessDenied: User: arn:aws:iam::999999999999:user/eksrole-hub is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/EksRoleAccess): the role does not exist, its trust does not let arn:aws:iam::999999999999:user/eksrole-hub in, or its trust requires another ExternalId than \\"eksrole-test-external-id\\" (AWS does not say which)\\n*Next:* In the account, create arn:aws:iam::111111111111:role/EksRoleAccess (or fix its trust) so that it trusts arn:aws:iam::999999999999:user/eksrole-hub for sts:AssumeRole with the condition sts:ExternalId = \\"eksrole-test-external-id\\", and allows the IAM reads the check needs (config/iam/ has the policies); if its trust rightly requires another ExternalId, set that one as the account's externalId in the eksrole config."
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "The access role's trust policy must include:\\n```{\\n  \\"Version\\" : \\"2012-10-17\\",\\n  \\"Statement\\" : [ {\\n    \\"Effect\\" : \\"Allow\\",\\n    \\"Principal\\" : {\\n      \\"AWS\\" : \\"arn:aws:iam::999999999999:user/eksrole-hub\\"\\n    },\\n    \\"Action\\" : \\"sts:AssumeRole\\",\\n    \\"Condition\\" : {\\n      \\"StringEquals\\" : {\\n        \\"sts:ExternalId\\" : \\"eksrole-test-external-id\\"\\n      }\\n    }\\n  } ]\\n}```"
                }
              },
              {
                "type": "context",
                "elements": [
                  {
                    "type": "mrkdwn",
                    "text": "CONTEXT"
                  }
                ]
              }
            ]
            """));
    }

    @Test
    void helpAndAnEmptyCommandShowTheUsageOnlyToTheAsker() throws Exception {
        for (String text : new String[] {"help", "", "  HELP "}) {
            HttpResponse<String> ack = world.requests().send(world.command(text, USER, CHANNEL));

            assertThat(ack.statusCode()).isEqualTo(200);
            JsonNode body = body(ack);
            assertThat(body.get("response_type").asText()).isEqualTo("ephemeral");
            assertThat(body.toString()).contains("/eksrole check &lt;account&gt;").contains("`prod-eu`").contains("`staging`");
        }
        assertThat(aws.fake().calls()).isEmpty();
    }

    @Test
    void badInputIsAnsweredToTheAskerWithWhatToDoAndTouchesNothing() throws Exception {
        String[][] cases = {
            {"check 12345", "12 digits"},
            {"check prd-eu", "Did you mean prod-eu?"},
            {"check 999999999999", "not configured"},
            {"check", "Which account?"},
            {"check prod-eu staging", "one account at a time"},
            {"frobnicate prod-eu", "I don't know `frobnicate`"},
        };
        for (String[] c : cases) {
            HttpResponse<String> ack = world.requests().send(world.command(c[0], USER, CHANNEL));

            assertThat(ack.statusCode()).as(c[0]).isEqualTo(200);
            assertThat(body(ack).get("text").asText()).as(c[0]).contains(c[1]);
            assertThat(body(ack).has("response_type")).as("ephemeral").isFalse();
        }
        assertThat(aws.fake().calls()).isEmpty();
        assertThat(world.slack().posts()).isEmpty();
    }

    @Test
    void forgedTamperedStaleAndFutureDatedRequestsAreRefusedWith401() throws Exception {
        healthyNodeRole();
        String body = world.command("check prod-eu", USER, CHANNEL);
        long now = Instant.now().getEpochSecond();
        var requests = world.requests();

        String forged = dev.eksrole.testing.slack.SignedSlackRequests.signature("00000000000000000000000000000000", now, body);
        assertThat(requests.sendWithSignature(body, now, forged).statusCode()).as("forged").isEqualTo(401);
        String tampered = body.replace("prod-eu", "staging");
        assertThat(requests.sendWithSignature(tampered, now, requests.signature(body, now)).statusCode()).as("tampered").isEqualTo(401);
        assertThat(requests.send(body, now - 6 * 60).statusCode()).as("stale").isEqualTo(401);
        assertThat(requests.send(body, now + 6 * 60).statusCode()).as("future-dated").isEqualTo(401);
        assertThat(requests.sendUnsigned(body).statusCode()).as("unsigned").isEqualTo(401);

        assertThat(aws.fake().calls()).isEmpty();
        assertThat(world.slack().posts()).isEmpty();
        assertThat(requests.send(body, now - 4 * 60).statusCode()).as("four minutes old is fine").isEqualTo(200);
    }

    @Test
    void scanShowsProgressInTheChannelAndEndsWithALinePerAccount() throws Exception {
        healthyNodeRole();
        aws.fake().latency(Duration.ofMillis(400));

        HttpResponse<String> ack = world.requests().send(world.command("scan", USER, CHANNEL));

        assertThat(body(ack).get("text").asText()).isEqualTo("Scanning 2 accounts…");
        PostedMessage progress = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE), WAIT);
        assertThat(progress.target()).isEqualTo(CHANNEL);
        assertThat(progress.containsText("0 of 2 done")).isTrue();
        PostedMessage summary = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && p.ts().equals(progress.ts())
                && p.containsText("worst NEEDS_FIX"), WAIT);
        assertThat(summary.containsText("*prod-eu* `111111111111` aws · OK")).isTrue();
        assertThat(summary.containsText("*staging* `222222222222` aws · NEEDS_FIX · NO_NODE_ROLE")).isTrue();
        assertThat(summary.containsText("Asked by <@" + USER + ">")).isTrue();
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsReadWhole() throws Exception {
        byte[] big = new byte[SlackHttpServer.MAX_BODY_BYTES + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        // a stream of unknown length goes out chunked, without Content-Length
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(world.uri("/slack/events"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        // the unread rest leaves the connection unusable: a client must not send its next request down it
        assertThat(response.headers().firstValue("connection")).hasValue("close");
    }

    @Test
    void theAckDoesNotWaitForAws() throws Exception {
        healthyNodeRole();
        aws.fake().latency(Duration.ofSeconds(2));
        String command = world.command("check prod-eu", USER, CHANNEL);
        String responseUrl = BotWorld.formValue(command, "response_url");

        HttpResponse<String> ack = world.requests().send(command);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(aws.fake().calls()).as("no AWS call had answered when Slack got its ack").isEmpty();
        assertThat(world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT).text()).startsWith("OK:");
    }

    @Test
    void twentyConcurrentCommandsAreAllAckedAndAnsweredWhileAwsIsSlow() throws Exception {
        healthyNodeRole();
        aws.fake().latency(Duration.ofSeconds(2));
        java.util.List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bodies.add(world.command("check " + (i % 2 == 0 ? "prod-eu" : "111111111111"), "U00000" + (10 + i), CHANNEL));
        }
        // a running bot is warm: one help command first, so the figures are not the JVM's first-request cost
        assertThat(world.requests().send(world.command("help", USER, CHANNEL)).statusCode()).isEqualTo(200);
        java.util.List<java.util.concurrent.CompletableFuture<Long>> acks = new java.util.ArrayList<>();
        for (String body : bodies) {
            long start = System.nanoTime();
            acks.add(world.requests().sendAsync(body).thenApply(response -> {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("Checking prod-eu (111111111111)");
                return (System.nanoTime() - start) / 1_000_000;
            }));
        }
        java.util.List<Long> millis = new java.util.ArrayList<>();
        for (var ack : acks) {
            millis.add(ack.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        for (String body : bodies) {
            String responseUrl = BotWorld.formValue(body, "response_url");
            assertThat(world.slack().awaitPost(p -> p.target().equals(responseUrl), Duration.ofSeconds(60)).text()).startsWith("OK:");
        }
        java.util.Collections.sort(millis);
        System.out.printf("%n20 concurrent /eksrole check with AWS answering in 2 s: ack median %d ms, worst %d ms%n%n",
                millis.get(10), millis.get(19));
    }

    @Test
    void anExpiredResponseUrlFallsBackToChatPostMessage() throws Exception {
        healthyNodeRole();
        String command = world.command("check prod-eu", USER, CHANNEL);
        world.slack().expireResponseUrl(BotWorld.formValue(command, "response_url"));

        world.requests().send(command);

        PostedMessage posted = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE), WAIT);
        assertThat(posted.target()).isEqualTo(CHANNEL);
        assertThat(posted.text()).startsWith("OK:");
    }

    @Test
    void aResultTooLongForOneMessageContinuesInTheThread() throws Exception {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"eks.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}";
        for (int i = 0; i < 20; i++) {
            prod.addRole("cluster-%02d-NodeInstanceRole".formatted(i), "/", trust);
        }

        world.requests().send(world.command("check prod-eu", USER, CHANNEL));

        PostedMessage main = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE) && !p.body().has("thread_ts"), WAIT);
        PostedMessage reply = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE) && p.body().has("thread_ts"), WAIT);
        assertThat(main.blocks().size()).isLessThanOrEqualTo(50);
        assertThat(main.blocks().toString()).contains("more node roles in the thread");
        assertThat(reply.body().get("thread_ts").asText()).isEqualTo(main.ts());
        assertThat(main.blocks().toString() + reply.blocks()).contains("cluster-00-NodeInstanceRole").contains("cluster-19-NodeInstanceRole");
    }
}

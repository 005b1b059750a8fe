package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.slack.PostedMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks of one account asked at once in Slack share one reading, and each asker still gets their own answer. */
class SharedChecksEndToEndTest {

    private static final String CHANNEL = "C0PLATFORM";
    private static final int ASKERS = 30;

    @TempDir
    Path dir;

    private AwsWorld aws;
    private FakeAccount prod;
    private BotWorld world;

    @BeforeEach
    void start() throws Exception {
        aws = AwsWorld.start(dir);
        prod = aws.addTarget("111111111111", "prod-eu", AWS);
        // a node role without its ECR policy: NEEDS_FIX, with a Fix button for each asker
        prod.addRole("NodeInstanceRole");
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        world = BotWorld.http(aws);
    }

    @AfterEach
    void stop() {
        world.close();
        aws.close();
    }

    @Test
    void thirtyAskersOfOneAccountAtOnceMakeOneChecksCallsAndEachGetsTheirOwnVerdictAndFix() throws Exception {
        assertThat(world.requests().send(world.command("help", "U0WARM0001", CHANNEL)).statusCode()).isEqualTo(200);
        aws.fake().latency(Duration.ofSeconds(2));
        aws.fake().clearCalls();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < ASKERS; i++) {
            bodies.add(world.command("check prod-eu", "U0ASK%04d".formatted(i), CHANNEL));
        }
        List<CompletableFuture<HttpResponse<String>>> acks = new ArrayList<>();
        bodies.forEach(body -> acks.add(world.requests().sendAsync(body)));
        for (var ack : acks) {
            assertThat(ack.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        Set<String> planIds = new HashSet<>();
        for (String body : bodies) {
            String responseUrl = BotWorld.formValue(body, "response_url");
            PostedMessage verdict = world.slack().awaitPost(p -> p.target().equals(responseUrl), Duration.ofSeconds(60));
            assertThat(verdict.text()).startsWith("NEEDS_FIX:");
            String asker = BotWorld.formValue(body, "user_id");
            assertThat(verdict.blocks().toString()).contains("<@" + asker + ">");
            planIds.add(fixPlanId(verdict.blocks()));
        }
        // one reading for all: a second may start if an ask arrives after the first ended, never one each
        assertThat(aws.fake().calls("ListRoles").size()).isBetween(1, 2);
        assertThat(aws.fake().calls("AssumeRole").size()).isBetween(1, 2);
        // each asker's Fix button is a plan of their own, so the approval names who asked
        assertThat(planIds).hasSize(ASKERS);
    }

    @Test
    void aCheckAskedAfterTheLastOneEndedReadsAgain() throws Exception {
        aws.fake().clearCalls();
        for (String user : List.of("U0ASK0001", "U0ASK0002")) {
            String body = world.command("check prod-eu", user, CHANNEL);
            assertThat(world.requests().send(body).statusCode()).isEqualTo(200);
            String responseUrl = BotWorld.formValue(body, "response_url");
            world.slack().awaitPost(p -> p.target().equals(responseUrl), Duration.ofSeconds(30));
        }
        assertThat(aws.fake().calls("ListRoles")).hasSize(2);
    }

    private static String fixPlanId(JsonNode blocks) {
        for (JsonNode block : blocks) {
            if ("actions".equals(block.path("type").asText())) {
                for (JsonNode element : block.get("elements")) {
                    String actionId = element.get("action_id").asText();
                    if (actionId.startsWith("fix")) {
                        return element.get("value").asText();
                    }
                }
            }
        }
        throw new AssertionError("no Fix button in " + blocks);
    }
}

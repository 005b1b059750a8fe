package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FaultProxy;
import dev.eksrole.testing.aws.FaultProxy.Fault;
import dev.eksrole.testing.slack.PostedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An approval pressed while IAM's answers are broken applies nothing: the re-check before the apply
 * follows the same rules as every check, so a broken reading stops the fix instead of steering it.
 */
class ApprovalUnderFaultTest {

    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String CHANNEL = "C0PLATFORM";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> WRITES = List.of("CreateRole", "AttachRolePolicy", "DetachRolePolicy",
            "UpdateAssumeRolePolicy", "TagRole");

    @TempDir
    Path dir;

    private AwsWorld aws;
    private FaultProxy proxy;
    private BotWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "EMPTY_LIST, ListRoles",
        "EMPTY_LIST, ListAttachedRolePolicies",
        "EMPTY_LIST, ListEntitiesForPolicy",
        "HTML_200, ListRoles",
        "EMPTY_200, *",
        "REPEATED_MARKER, ListRoles",
        "HANG, ListAttachedRolePolicies",
        "HTTP_503, AssumeRole",
        "EMPTY_ASSUME_ROLE, AssumeRole"
    })
    void approvingDuringAFaultChangesNothingInIam(Fault fault, String action) throws Exception {
        aws = AwsWorld.start(dir);
        FakeAccount prod = aws.addTarget("111111111111", "prod-eu", AWS);
        prod.addRole("NodeInstanceRole", "/", prod.ec2TrustPolicy());
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        aws.config("approvers: {users: [" + APPROVER + "]}");
        aws.config("checkDeadline: 5s");
        proxy = FaultProxy.in(aws.fake().endpoint());
        aws.routeThrough(proxy.endpoint());
        world = BotWorld.http(aws);

        String command = world.command("check prod-eu", REQUESTER, CHANNEL);
        String responseUrl = BotWorld.formValue(command, "response_url");
        world.requests().send(command);
        PostedMessage verdict = world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);
        assertThat(verdict.text()).startsWith("NEEDS_FIX");
        String fixId = planId(verdict, "Fix… attach AmazonEC2ContainerRegistryReadOnly");
        world.requests().send(world.requests().blockActionsBody(world.requests().blockActionPayload("fix:" + fixId, fixId,
                REQUESTER, CHANNEL, "1700000000.000001", world.slack().newResponseUrl())));
        PostedMessage request = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE)
                && p.blocks().toString().contains("\"approve:"), WAIT);
        String approvalId = buttonValue(request, "approve:");
        List<String> before = prod.role("NodeInstanceRole").attachedPolicyArns();

        proxy.inject(fault, action);
        world.requests().send(world.requests().blockActionsBody(world.requests().blockActionPayload("approve:" + approvalId,
                approvalId, APPROVER, CHANNEL, request.ts(), world.slack().newResponseUrl())));
        PostedMessage outcome = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && request.ts().equals(p.ts())
                && p.containsText("nothing was applied"), WAIT);
        proxy.heal();

        assertThat(proxy.faulted()).as("the fault was hit").isPositive();
        assertThat(aws.fake().calls().stream().filter(c -> WRITES.contains(c.action()))).as("IAM writes").isEmpty();
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).isEqualTo(before);
        assertThat(outcome.blocks().toString()).contains("Could not re-check");
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

    private static String buttonValue(PostedMessage message, String actionPrefix) {
        String blocks = message.blocks().toString();
        int at = blocks.indexOf("\"" + actionPrefix);
        return blocks.substring(at + actionPrefix.length() + 1, blocks.indexOf('"', at + actionPrefix.length() + 1));
    }
}

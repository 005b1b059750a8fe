package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.fix.OfferedFix;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.StepResult;
import dev.eksrole.testing.slack.MessageSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message the tests built or posted (under {@code target/slack-messages/}), checked against Slack's own
 * Block Kit types: the Node project in {@code src/test/slack-types} assigns each to a {@code KnownBlock[]} and
 * runs {@code tsc --noEmit}. Runs last, after every test that writes messages ({@code junit-platform.properties}).
 */
@Order(Integer.MAX_VALUE)
class SlackTypesCheckTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path PROJECT = BASE.resolve("src/test/slack-types");

    @Test
    void everyMessageTheTestsBuiltOrPostedIsAKnownBlockListToSlacksOwnTypes() throws Exception {
        assumeInstalled();
        writeEveryKindOfMessage();

        Check check = check(MessageSnapshots.directory(), BASE.resolve("target/slack-types-check"));

        System.out.println(check.output());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("all pass");
    }

    @Test
    void theCheckRejectsBlocksSlacksTypesDoNotKnow(@TempDir Path dir) throws Exception {
        assumeInstalled();
        Files.writeString(dir.resolve("wrong.json"), "[{\"type\":\"header\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"h\"}},"
                + "{\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"text\":{\"type\":\"plain_text\",\"text\":\"A\"},"
                + "\"action_id\":\"a\",\"style\":\"blue\"}]}]");
        Files.writeString(dir.resolve("right.json"), "[{\"type\":\"divider\"}]");

        Check check = check(dir, dir.resolve("work"));

        assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
        assertThat(check.output()).contains("1 of 2 messages rejected").contains("wrong.ts").contains("'\"blue\"'")
                .contains("'\"mrkdwn\"' is not assignable").doesNotContain("right.ts");
    }

    private record Check(int exitCode, String output) {}

    private static Check check(Path messages, Path work) throws Exception {
        Process tsc = new ProcessBuilder("node", "check.js", messages.toAbsolutePath().toString(), work.toAbsolutePath().toString())
                .directory(PROJECT.toFile()).redirectErrorStream(true).start();
        String output = new String(tsc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tsc.waitFor(5, TimeUnit.MINUTES)).as("tsc finished").isTrue();
        return new Check(tsc.exitValue(), output);
    }

    /** Without the Node project installed nothing can be checked: say so loudly, and skip. */
    private static void assumeInstalled() {
        boolean installed = Files.isDirectory(PROJECT.resolve("node_modules/@slack/types"))
                && Files.isDirectory(PROJECT.resolve("node_modules/typescript"));
        if (!installed) {
            System.err.println("\n*** SlackTypesCheckTest SKIPPED: " + PROJECT.resolve("node_modules")
                    + " is missing, so no message was checked against @slack/types. Run `npm ci` there (.ci/run does). ***\n");
        }
        Assumptions.assumeTrue(installed, "SKIPPED: no message was checked against @slack/types: " + PROJECT.resolve("node_modules")
                + " is missing; run `npm ci` in " + PROJECT + " (.ci/run does)");
    }

    /** One message of each kind the builders make, so that the check covers them however few other tests ran. */
    private static void writeEveryKindOfMessage() throws Exception {
        ResultMessageBuilder results = new ResultMessageBuilder();
        ResultMessageBuilder.CheckContext context = new ResultMessageBuilder.CheckContext("U0REQUEST1", Instant.EPOCH, Duration.ZERO);
        FixPlanner planner = new FixPlanner(new FixPlanner.Settings("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY, Map.of()));
        List<SlackMessage> messages = new ArrayList<>();
        for (var report : List.of(SampleReports.ok(), SampleReports.warning(), SampleReports.needsFix(), SampleReports.unknown(),
                SampleReports.noNodeRole(), SampleReports.manyRoles(40), SampleReports.manyClusters(3))) {
            List<OfferedFix> fixes = planner.offers(report).stream().map(plan -> new OfferedFix("plan-" + plan.kind(), plan)).toList();
            SlackMessage result = results.build(report, context, fixes);
            messages.add(result);
            messages.addAll(result.threadReplies());
        }
        ApprovalMessageBuilder approvals = new ApprovalMessageBuilder();
        FixPlan plan = planner.offers(SampleReports.needsFix()).get(0);
        ApplyResult done = new ApplyResult(plan.steps().stream().map(s -> new StepResult(s, StepResult.Status.DONE, "done")).toList());
        messages.add(approvals.request("plan-1", plan, SampleReports.PROD, "U0REQUEST1", Instant.EPOCH, Mrkdwn.user("U0APPROVE1")));
        messages.add(approvals.outcome("plan-1", plan, SampleReports.PROD, "U0REQUEST1", Mrkdwn.of("Applied."), done, true));
        messages.add(approvals.expired("plan-1", plan, SampleReports.PROD, "U0REQUEST1", Instant.EPOCH));
        messages.add(HelpMessages.help("/eksrole", List.of(SampleReports.PROD)));
        messages.add(HelpMessages.history(SampleReports.PROD, List.of()));
        ScanMessageBuilder scans = new ScanMessageBuilder();
        messages.add(scans.progress(1, 2, List.of(SampleReports.ok())));
        messages.add(scans.summary(List.of(SampleReports.ok(), SampleReports.needsFix(), SampleReports.manyClusters(3)), "U0REQUEST1", Instant.EPOCH, Duration.ZERO));
        messages.add(SlackMessage.of(Mrkdwn.of("A reply.")));
        for (SlackMessage message : messages) {
            ResultMessageBuilderTest.json(message.blocks());
        }
    }
}

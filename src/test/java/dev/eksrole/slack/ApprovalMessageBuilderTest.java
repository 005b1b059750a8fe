package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.StepResult;
import dev.eksrole.noderole.TrustPolicy;
import dev.eksrole.testing.slack.BlockKitRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Approval requests stay within Block Kit's limits and never hide an IAM call, however big the plan. */
class ApprovalMessageBuilderTest {

    private static final Instant EXPIRES = Instant.parse("2026-11-29T03:00:00Z");
    private static final Mrkdwn APPROVERS = Mrkdwn.user("U0APPROVE1");

    private final ApprovalMessageBuilder builder = new ApprovalMessageBuilder();

    private List<FixPlan> batches(FixPlan plan) {
        return PlanBatches.split(plan, p -> builder.fitsOneMessage(p, SampleReports.PROD, "U0REQUEST1", APPROVERS));
    }

    /** Every text of the blocks, with Slack's three escapes undone. */
    private static String unescaped(SlackMessage message) throws Exception {
        StringBuilder all = new StringBuilder();
        for (JsonNode block : ResultMessageBuilderTest.json(message.blocks())) {
            if (block.has("text") && block.get("text").has("text")) {
                all.append(block.get("text").get("text").asText()).append('\n');
            }
        }
        return all.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static void assertWithinLimits(SlackMessage message) throws Exception {
        JsonNode blocks = ResultMessageBuilderTest.json(message.blocks());
        assertThat(BlockKitRules.violations(blocks)).isEmpty();
        assertThat(blocks.size()).isLessThanOrEqualTo(BlockKitLimits.MAX_BLOCKS);
        for (JsonNode block : blocks) {
            if (block.has("text") && block.get("text").has("text")) {
                String text = block.get("text").get("text").asText();
                assertThat(text.length()).isLessThanOrEqualTo(block.get("type").asText().equals("header")
                        ? BlockKitLimits.MAX_HEADER_TEXT : BlockKitLimits.MAX_SECTION_TEXT);
            }
        }
    }

    /** 64 characters, IAM's longest role name. */
    private static String longRole(int i) {
        String name = "eksctl-production-cluster-nodegroup-ng-%02d-NodeInstanceRole-".formatted(i);
        return name + "X".repeat(64 - name.length());
    }

    private static List<PlanStep> threeStepsEach(int roles) {
        List<PlanStep> steps = new ArrayList<>();
        for (int i = 0; i < roles; i++) {
            steps.add(new PlanStep.AttachPolicy(longRole(i), ManagedPolicy.WORKER_NODE.arn(Partition.AWS)));
            steps.add(new PlanStep.AttachPolicy(longRole(i), ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS)));
            steps.add(new PlanStep.ReplaceTrust(longRole(i), TrustPolicy.documentedJson(Partition.AWS),
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"eks.amazonaws.com\"},"
                            + "\"Action\":\"sts:AssumeRole\"}]}"));
        }
        return steps;
    }

    @Test
    void aHugeFixAllKeepsEveryCallVisibleWithinFiftyBlocksAndShortTexts() throws Exception {
        StringBuilder conditions = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            conditions.append(i == 0 ? "" : ",").append("\"arn:aws:iam::1111111111%02d:root\"".formatted(i));
        }
        String longTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[" + conditions
                + "]},\"Action\":\"sts:AssumeRole\"}]}";
        List<PlanStep> steps = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String role = "eksctl-production-cluster-nodegroup-ng-%02d-NodeInstanceRole-1A2B3C4D5E".formatted(i);
            steps.add(new PlanStep.ReplaceTrust(role, TrustPolicy.documentedJson(Partition.AWS), longTrust));
        }
        FixPlan plan = new FixPlan(FixKind.FIX_ALL, "111111111111", Partition.AWS, null, null, steps);

        List<FixPlan> batches = batches(plan);

        assertThat(batches).hasSizeGreaterThan(1);
        StringBuilder all = new StringBuilder();
        for (FixPlan batch : batches) {
            SlackMessage request = builder.request("plan-1", batch, SampleReports.PROD, "U0REQUEST1", EXPIRES, APPROVERS);
            SlackMessage outcome = builder.outcome("plan-1", batch, SampleReports.PROD, "U0REQUEST1", Mrkdwn.of("Applied."), null, true);
            for (SlackMessage message : List.of(request, outcome)) {
                assertWithinLimits(message);
                // every trust change of the batch is shown: no "… and N more trust changes"
                for (PlanStep step : batch.steps()) {
                    assertThat(unescaped(message)).contains("*Trust of `" + step.roleName() + "`, before → after*")
                            .contains("arn:aws:iam::111111111139:root");
                }
            }
            all.append(unescaped(request));
        }
        for (int i = 1; i <= 60; i++) {
            assertThat(all).as("call %d shown", i).contains(steps.get(i - 1).iamCall());
        }
    }

    @Test
    void everyCallOfASixtyCallFixAllIsShownWholeAfterEscaping() throws Exception {
        List<PlanStep> steps = threeStepsEach(20);
        FixPlan plan = new FixPlan(FixKind.FIX_ALL, "111111111111", Partition.AWS, null, null, steps);

        String shown = "";
        for (FixPlan batch : batches(plan)) {
            SlackMessage request = builder.request("plan-1", batch, SampleReports.PROD, "U0REQUEST1", EXPIRES, APPROVERS);
            assertWithinLimits(request);
            shown += unescaped(request);
        }

        for (PlanStep step : steps) {
            assertThat(shown).as(step.iamCall()).contains(step.iamCall());
        }
        assertThat(shown).doesNotContain("(cut)");
    }

    @Test
    void theAppliedOutcomeKeepsEveryStepLineWholeAndEveryTextWithinLimits() throws Exception {
        List<PlanStep> steps = threeStepsEach(20);
        FixPlan plan = new FixPlan(FixKind.FIX_ALL, "111111111111", Partition.AWS, null, null, steps);

        for (FixPlan batch : batches(plan)) {
            ApplyResult done = new ApplyResult(batch.steps().stream().map(s -> new StepResult(s, StepResult.Status.DONE, "done")).toList());
            SlackMessage outcome = builder.outcome("plan-1", batch, SampleReports.PROD, "U0REQUEST1", Mrkdwn.of(":white_check_mark: Applied."),
                    done, false);

            assertWithinLimits(outcome);
            for (PlanStep step : batch.steps()) {
                assertThat(unescaped(outcome)).contains(":white_check_mark: `" + step.iamCall() + "` · done");
            }
        }
    }

    @Test
    void theWorstOutcomeOfABatchStillFitsItsMessage() throws Exception {
        FixPlan plan = new FixPlan(FixKind.FIX_ALL, "111111111111", Partition.AWS, null, null, threeStepsEach(60));
        String awsError = "<!channel> & `x` <https://evil|click> ".repeat(100);

        for (FixPlan batch : batches(plan)) {
            ApplyResult failed = new ApplyResult(batch.steps().stream()
                    .map(s -> new StepResult(s, StepResult.Status.FAILED, awsError)).toList());
            SlackMessage outcome = builder.outcome("plan-1", batch, SampleReports.PROD, "U0REQUEST1",
                    Mrkdwn.of(":x: {}", "x".repeat(5000)), failed, true);

            assertWithinLimits(outcome);
            assertThat(outcome.blocks().toString()).doesNotContain("<!channel>");
            for (PlanStep step : batch.steps()) {
                assertThat(unescaped(outcome)).contains(":x: `" + step.iamCall() + "` · <!channel> & `x` <https://evil|click>");
            }
        }
    }

    @Test
    void aCreateRoleWithFiftyLongTagsIsShownWholeOverSeveralSections() throws Exception {
        Map<String, String> tags = new java.util.TreeMap<>();
        for (int i = 0; i < 50; i++) {
            tags.put("k%02d-".formatted(i) + "k".repeat(124), "v".repeat(256));
        }
        List<PlanStep> steps = List.of(
                new PlanStep.CreateRole("NodeInstanceRole", "Amazon EKS - Node Group Role", TrustPolicy.documentedJson(Partition.AWS), tags),
                new PlanStep.AttachPolicy("NodeInstanceRole", ManagedPolicy.WORKER_NODE.arn(Partition.AWS)));
        FixPlan plan = new FixPlan(FixKind.CREATE_ROLE, "111111111111", Partition.AWS, null, null, steps);

        SlackMessage request = builder.request("plan-1", plan, SampleReports.PROD, "U0REQUEST1", EXPIRES, APPROVERS);
        ApplyResult done = new ApplyResult(steps.stream().map(s -> new StepResult(s, StepResult.Status.DONE, "done")).toList());
        SlackMessage outcome = builder.outcome("plan-1", plan, SampleReports.PROD, "U0REQUEST1", Mrkdwn.of("Applied."), done, false);

        assertWithinLimits(request);
        assertWithinLimits(outcome);
        String joined = unescaped(request).replaceAll("```\n\\*IAM calls, in order\\* \\(continued\\)\n```", "");
        assertThat(joined).contains(steps.get(0).iamCall());
        assertThat(unescaped(outcome)).contains("(call 1, shown whole above)");
    }

    @Test
    void chunksNeverExceedTheLimit() {
        List<String> lines = List.of("a".repeat(10), "b".repeat(10), "c".repeat(25), "d".repeat(3));
        assertThat(ApprovalMessageBuilder.chunks(lines, 22)).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(22))
                .hasSize(3).first().isEqualTo("a".repeat(10) + "\n" + "b".repeat(10));
    }
}

package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.TrustPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Approval requests stay within Block Kit's limits and never hide an IAM call, however big the plan. */
class ApprovalMessageBuilderTest {

    private final ApprovalMessageBuilder builder = new ApprovalMessageBuilder();

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

        SlackMessage request = builder.request("plan-1", plan, SampleReports.PROD, "U0REQUEST1", Instant.parse("2026-11-29T03:00:00Z"),
                "<@U0APPROVE1>");
        SlackMessage outcome = builder.outcome("plan-1", plan, SampleReports.PROD, "U0REQUEST1", "Applied.", null, true);

        for (SlackMessage message : List.of(request, outcome)) {
            JsonNode blocks = ResultMessageBuilderTest.json(message.blocks());
            assertThat(blocks.size()).isLessThanOrEqualTo(BlockKitLimits.MAX_BLOCKS);
            StringBuilder all = new StringBuilder();
            for (JsonNode block : blocks) {
                if (block.has("text") && block.get("text").has("text")) {
                    String text = block.get("text").get("text").asText();
                    assertThat(text.length()).isLessThanOrEqualTo(block.get("type").asText().equals("header")
                            ? BlockKitLimits.MAX_HEADER_TEXT : BlockKitLimits.MAX_SECTION_TEXT);
                    all.append(text);
                }
            }
            for (int i = 1; i <= 60; i++) {
                assertThat(all).as("call %d shown", i).contains(i + ". iam:UpdateAssumeRolePolicy");
            }
            assertThat(all).contains("more trust changes");
        }
    }

    @Test
    void chunksNeverExceedTheLimit() {
        List<String> lines = List.of("a".repeat(10), "b".repeat(10), "c".repeat(25), "d".repeat(3));
        assertThat(ApprovalMessageBuilder.chunks(lines, 22)).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(22))
                .hasSize(3).first().isEqualTo("a".repeat(10) + "\n" + "b".repeat(10));
    }
}

package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.eksrole.fix.OfferedFix;
import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.FindingCode;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.testing.slack.MessageSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The result message of each verdict, snapshot-tested against its Block Kit JSON. */
class ResultMessageBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResultMessageBuilder.CheckContext CONTEXT = new ResultMessageBuilder.CheckContext(
            "U012AB3CD", Instant.parse("2026-11-29T03:04:05Z"), Duration.ofMillis(1234));

    private final ResultMessageBuilder builder = new ResultMessageBuilder();

    /** The blocks as Slack gets them; each built message is kept for {@link SlackTypesCheckTest}. */
    static JsonNode json(List<LayoutBlock> blocks) throws Exception {
        JsonNode json = JSON.readTree(GsonFactory.createSnakeCase().toJson(blocks));
        MessageSnapshots.write(json);
        return json;
    }

    private void assertSnapshot(AccountReport report, String text, String expected) throws Exception {
        SlackMessage message = builder.build(report, CONTEXT);
        assertThat(message.text()).isEqualTo(text);
        assertThat(message.threadReplies()).isEmpty();
        assertThat(json(message.blocks())).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void okAccount() throws Exception {
        assertSnapshot(SampleReports.ok(), "OK: EKS node role check of prod-eu (111111111111) in aws", """
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
                    "text": "Asked by <@U012AB3CD> · <!date^1795921445^{date_short_pretty} {time}|2026-11-29 03:04 UTC> · took 1.2 s · clusters not checked: list their regions in the config (regions: [eu-west-1])"
                  }
                ]
              }
            ]
            """);
    }

    @Test
    void warningAccount() throws Exception {
        assertSnapshot(SampleReports.warning(), "WARNING: EKS node role check of prod-eu (111111111111) in aws", """
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
                    "text": "Asked by <@U012AB3CD> · <!date^1795921445^{date_short_pretty} {time}|2026-11-29 03:04 UTC> · took 1.2 s · clusters not checked: list their regions in the config (regions: [eu-west-1])"
                  }
                ]
              }
            ]
            """);
    }

    @Test
    void needsFixAccountShowsTheWorstRoleFirstAndTheTrustAtFault() throws Exception {
        assertSnapshot(SampleReports.needsFix(), "NEEDS_FIX: EKS node role check of prod-eu (111111111111) in aws", """
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
                  "text": "*Account* prod-eu · `111111111111` · aws\\n1 of 2 node roles needs attention."
                }
              },
              {
                "type": "divider"
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*NodeInstanceRole* · NEEDS_FIX\\n`arn:aws:iam::111111111111:role/NodeInstanceRole`\\n:white_check_mark: Role exists\\n:white_check_mark: AmazonEKSWorkerNodePolicy attached\\n:x: AmazonEC2ContainerRegistryReadOnly is not attached · _Attach arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly to the role._\\n:white_check_mark: AmazonEKS_CNI_Policy is not on the node role\\n:x: Trust: no Allow statement for ec2.amazonaws.com (principal eks.amazonaws.com) · _Replace the trust policy with the documented one (Allow, Service EC2, sts:AssumeRole)._"
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "Trust at fault:\\n```{\\n  \\"Effect\\" : \\"Allow\\",\\n  \\"Principal\\" : {\\n    \\"Service\\" : \\"eks.amazonaws.com\\"\\n  },\\n  \\"Action\\" : \\"sts:AssumeRole\\"\\n}```"
                }
              },
              {
                "type": "divider"
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*AmazonEKSNodeRole* · OK\\n`arn:aws:iam::111111111111:role/AmazonEKSNodeRole`\\n:white_check_mark: Role exists\\n:white_check_mark: AmazonEKSWorkerNodePolicy attached\\n:white_check_mark: AmazonEC2ContainerRegistryReadOnly attached\\n:white_check_mark: AmazonEKS_CNI_Policy is not on the node role\\n:white_check_mark: Trust lets EC2 assume the role, as documented"
                }
              },
              {
                "type": "context",
                "elements": [
                  {
                    "type": "mrkdwn",
                    "text": "Asked by <@U012AB3CD> · <!date^1795921445^{date_short_pretty} {time}|2026-11-29 03:04 UTC> · took 1.2 s · clusters not checked: list their regions in the config (regions: [eu-west-1])"
                  }
                ]
              }
            ]
            """);
    }

    @Test
    void unknownAccountSaysWhichRoleAndTrustToSetUp() throws Exception {
        assertSnapshot(SampleReports.unknown(), "UNKNOWN: EKS node role check of prod-eu (111111111111) in aws", """
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
                  "text": ":grey_question: *ASSUME_ROLE_FAILED* could not assume arn:aws:iam::111111111111:role/EksRoleAccess: STS refused (AccessDenied: User: arn:aws:sts::999999999999:assumed-role/eksrole-hub/i-0abc is not authorized to perform: sts:AssumeRole): the role does not exist, its trust does not let arn:aws:iam::999999999999:role/eksrole-hub in, or its trust requires another ExternalId than \\"eksrole-prod\\" (AWS does not say which)\\n*Next:* In the account, create arn:aws:iam::111111111111:role/EksRoleAccess (or fix its trust) so that it trusts arn:aws:iam::999999999999:role/eksrole-hub for sts:AssumeRole with the condition sts:ExternalId = \\"eksrole-prod\\", and allows the IAM reads the check needs (config/iam/ has the policies); if its trust rightly requires another ExternalId, set that one as the account's externalId in the eksrole config."
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "The access role's trust policy must include:\\n```{\\n  \\"Version\\" : \\"2012-10-17\\",\\n  \\"Statement\\" : [ {\\n    \\"Effect\\" : \\"Allow\\",\\n    \\"Principal\\" : {\\n      \\"AWS\\" : \\"arn:aws:iam::999999999999:role/eksrole-hub\\"\\n    },\\n    \\"Action\\" : \\"sts:AssumeRole\\",\\n    \\"Condition\\" : {\\n      \\"StringEquals\\" : {\\n        \\"sts:ExternalId\\" : \\"eksrole-prod\\"\\n      }\\n    }\\n  } ]\\n}```"
                }
              },
              {
                "type": "context",
                "elements": [
                  {
                    "type": "mrkdwn",
                    "text": "Asked by <@U012AB3CD> · <!date^1795921445^{date_short_pretty} {time}|2026-11-29 03:04 UTC> · took 1.2 s · clusters not checked: list their regions in the config (regions: [eu-west-1])"
                  }
                ]
              }
            ]
            """);
    }

    @Test
    void accountWithoutNodeRole() throws Exception {
        assertSnapshot(SampleReports.noNodeRole(), "NEEDS_FIX: EKS node role check of prod-eu (111111111111) in aws", """
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
                  "text": "*Account* prod-eu · `111111111111` · aws"
                }
              },
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": ":x: *NO_NODE_ROLE* no role whose name contains eksNodeRole or NodeInstanceRole, and none with AmazonEKSWorkerNodePolicy attached\\n*Next:* Create the node role NodeInstanceRole with AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryReadOnly, trusted by EC2, as the AWS procedure describes."
                }
              },
              {
                "type": "context",
                "elements": [
                  {
                    "type": "mrkdwn",
                    "text": "Asked by <@U012AB3CD> · <!date^1795921445^{date_short_pretty} {time}|2026-11-29 03:04 UTC> · took 1.2 s · clusters not checked: list their regions in the config (regions: [eu-west-1])"
                  }
                ]
              }
            ]
            """);
    }


    @Test
    void manyRolesStayWithinFiftyBlocksAndTheRestGoesToTheThread() throws Exception {
        SlackMessage message = builder.build(SampleReports.manyRoles(40), CONTEXT);

        assertThat(message.blocks()).hasSizeLessThanOrEqualTo(BlockKitLimits.MAX_BLOCKS);
        assertThat(message.threadReplies()).isNotEmpty()
                .allSatisfy(reply -> assertThat(reply.blocks()).hasSizeLessThanOrEqualTo(BlockKitLimits.MAX_BLOCKS));
        String all = json(message.blocks()).toString() + message.threadReplies().stream()
                .map(r -> { try { return json(r.blocks()).toString(); } catch (Exception e) { throw new AssertionError(e); } })
                .reduce("", String::concat);
        for (int i = 0; i < 40; i++) {
            assertThat(all).as("role %d shown somewhere", i).contains("cluster-%03d-NodeInstanceRole".formatted(i));
        }
        assertThat(json(message.blocks()).toString()).contains("more node roles in the thread");
    }

    @Test
    void eachClusterIsShownWithItsFixWithinFiftyBlocksAndTheRestGoesToTheThread() throws Exception {
        AccountReport report = SampleReports.manyClusters(30);
        List<OfferedFix> fixes = new ArrayList<>();
        List<FixPlan> plans = new FixPlanner(new FixPlanner.Settings("NodeInstanceRole", dev.eksrole.noderole.ManagedPolicy.ECR_READ_ONLY,
                java.util.Map.of())).offers(report);
        for (int i = 0; i < plans.size(); i++) {
            fixes.add(new OfferedFix("plan-" + i, plans.get(i)));
        }

        SlackMessage message = builder.build(report, CONTEXT, fixes);

        assertThat(message.blocks()).hasSizeLessThanOrEqualTo(BlockKitLimits.MAX_BLOCKS);
        assertThat(message.threadReplies()).isNotEmpty()
                .allSatisfy(reply -> assertThat(reply.blocks()).hasSizeLessThanOrEqualTo(BlockKitLimits.MAX_BLOCKS));
        String main = json(message.blocks()).toString();
        String all = main + message.threadReplies().stream()
                .map(r -> { try { return json(r.blocks()).toString(); } catch (Exception e) { throw new AssertionError(e); } })
                .reduce("", String::concat);
        assertThat(main).contains("30 of 30 clusters in eu-west-1 need attention", "more clusters in the thread")
                .doesNotContain("clusters not checked");
        for (int i = 0; i < 30; i++) {
            assertThat(all).as("cluster %d and its fix shown somewhere", i)
                    .contains("*Cluster eu-west-1/cluster-%03d* · NEEDS_FIX · API · Auto Mode off".formatted(i))
                    .contains("Fix… create the access entry in eu-west-1/cluster-%03d".formatted(i));
        }
        // the access entry fixes sit under their cluster, not under the role they are for
        assertThat(all.split("Fix… create the access entry in eu-west-1/cluster-000", -1)).hasSize(2);
    }

    @Test
    void longTextsAreCutToSlacksLimitAndCodeBlocksStayClosed() throws Exception {
        StringBuilder statements = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            statements.append(",{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1111111111%02d:root\"},\"Action\":\"sts:AssumeRole\"}".formatted(i % 100));
        }
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}" + statements + "]}";
        AccountReport report = SampleReports.report(SampleReports.role("NodeInstanceRole", List.of(SampleReports.WORKER, SampleReports.ECR),
                trust));
        assertThat(report.roles().get(0).findings()).extracting(Finding::code).containsExactly(FindingCode.TRUST_NOT_EXACT);

        JsonNode blocks = json(builder.build(report, CONTEXT).blocks());

        for (JsonNode block : blocks) {
            if (block.has("text")) {
                String text = block.get("text").get("text").asText();
                assertThat(text.length()).isLessThanOrEqualTo(BlockKitLimits.MAX_SECTION_TEXT);
                if (text.contains("```")) {
                    assertThat(text).endsWith("```").contains("(cut)");
                }
            }
        }
    }

    @Test
    void textFromAwsCannotMentionOrLink() {
        assertThat(BlockKitLimits.escape("<!channel> & <https://evil|x>")).isEqualTo("&lt;!channel&gt; &amp; &lt;https://evil|x&gt;");
    }
    @ParameterizedTest
    @EnumSource(value = AccessFailure.Cause.class, names = "TARGET_REFUSED", mode = EnumSource.Mode.EXCLUDE)
    void aHubSideFailureShowsNoTrustForTheAccountToSetUp(AccessFailure.Cause cause) throws Exception {
        Account account = SampleReports.unknown().account();
        AccessFailure failure = new AccessFailure(cause, "SomeCode", "what AWS said", null, "hub", "https://sts.us-east-1.amazonaws.com", 6);
        AccountReport report = AccountReport.of(account, new Finding.AssumeRoleFailed(account.accessRoleArn(), account.externalId(), failure));

        String blocks = json(builder.build(report, CONTEXT).blocks()).toString();

        assertThat(blocks).contains("ASSUME_ROLE_FAILED").doesNotContain("trust policy must include", "fix its trust", "null");
        assertThat(blocks).containsAnyOf("Nothing in the account is at fault", "nothing shows that the account's trust is at fault");
    }
}

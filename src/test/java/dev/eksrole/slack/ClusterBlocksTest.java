package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.eksrole.fix.OfferedFix;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.ClusterFacts.AuthenticationMode;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.noderole.ManagedPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The group of blocks of one EKS cluster under a check result, snapshot-tested against its Block Kit JSON. */
class ClusterBlocksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResultMessageBuilder.CheckContext CONTEXT = new ResultMessageBuilder.CheckContext(
            "U012AB3CD", Instant.parse("2026-11-29T03:04:05Z"), Duration.ofMillis(1234));
    private static final String AL2023 = "AL2023_x86_64_STANDARD";

    private final ResultMessageBuilder builder = new ResultMessageBuilder();

    private static List<OfferedFix> offers(AccountReport report) {
        List<FixPlan> plans = new FixPlanner(new FixPlanner.Settings("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY, Map.of()))
                .offers(report);
        List<OfferedFix> fixes = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            fixes.add(new OfferedFix("plan-" + i, plans.get(i)));
        }
        return fixes;
    }

    /** The blocks of the one cluster in the message: from its divider up to the next divider or the context line. */
    private JsonNode clusterGroup(AccountReport report) throws Exception {
        SlackMessage message = builder.build(report, CONTEXT, offers(report));
        assertThat(message.threadReplies()).isEmpty();
        JsonNode blocks = ResultMessageBuilderTest.json(message.blocks());
        ArrayNode group = JSON.createArrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).path("text").path("text").asText().startsWith("*Cluster ")) {
                group.add(blocks.get(i - 1));
                for (int j = i; j < blocks.size() && !List.of("divider", "context").contains(blocks.get(j).get("type").asText()); j++) {
                    group.add(blocks.get(j));
                }
            }
        }
        return group;
    }

    @Test
    void apiModeClusterWithoutTheNodegroupRolesEntryShowsTheMissingEntryAndItsButton() throws Exception {
        AccountReport report = SampleReports.withClusters(
                List.of(SampleReports.inUse("workers", SampleReports.MANAGED, SampleReports.WORKER, SampleReports.ECR)),
                List.of(SampleReports.cluster("prod", AuthenticationMode.API, null, List.of(SampleReports.nodegroup("general", "workers", AL2023)))));

        assertThat(clusterGroup(report)).isEqualTo(JSON.readTree("""
            [
              {"type": "divider"},
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*Cluster eu-west-1/prod* · NEEDS_FIX · API · Auto Mode off\\n*Node group general → workers* · NEEDS_FIX\\n:white_check_mark: Node group general uses workers, which exists\\n:x: no access entry for arn:aws:iam::111111111111:role/workers in cluster prod (authentication mode API) · _Create an access entry of type EC2_LINUX for arn:aws:iam::111111111111:role/workers in prod._\\n:white_check_mark: workers is not the cluster's own role\\n:white_check_mark: Node group general: EKS reports no health issue\\n:white_check_mark: In IAM: the role passes every node role check"
                }
              },
              {
                "type": "actions",
                "elements": [
                  {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Fix… create the access entry in eu-west-1/prod"},
                    "action_id": "fix:plan-0",
                    "value": "plan-0"
                  }
                ]
              }
            ]
            """));
    }

    @Test
    void theSummarySaysHowManyClustersPassInPlainWords() {
        var workers = List.of(SampleReports.inUse("workers", SampleReports.MANAGED, SampleReports.WORKER, SampleReports.ECR));
        var entry = SampleReports.entry("workers", "EC2_LINUX");
        var one = SampleReports.cluster("prod", AuthenticationMode.API, null, List.of(SampleReports.nodegroup("general", "workers", AL2023)), entry);
        var two = SampleReports.cluster("batch", AuthenticationMode.API, null, List.of(SampleReports.nodegroup("jobs", "workers", AL2023)), entry);

        assertThat(ClusterBlocks.summary(SampleReports.withClusters(workers, List.of(one))).text())
                .isEqualTo("The one cluster in eu-west-1 passes.");
        assertThat(ClusterBlocks.summary(SampleReports.withClusters(workers, List.of(one, two))).text())
                .isEqualTo("All 2 clusters in eu-west-1 pass.");
    }

    @Test
    void configMapClusterShowsTheKubectlCommandThatReadsAwsAuthForTheRole() throws Exception {
        AccountReport report = SampleReports.withClusters(
                List.of(SampleReports.inUse("workers", SampleReports.MANAGED, SampleReports.WORKER, SampleReports.ECR)),
                List.of(SampleReports.cluster("legacy", AuthenticationMode.CONFIG_MAP, null,
                        List.of(SampleReports.nodegroup("general", "workers", AL2023), SampleReports.nodegroup("spot", "workers", AL2023)))));

        assertThat(clusterGroup(report)).isEqualTo(JSON.readTree("""
            [
              {"type": "divider"},
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*Cluster eu-west-1/legacy* · OK · CONFIG_MAP · Auto Mode off\\n*Node groups general, spot → workers* · OK\\n:white_check_mark: Node group general uses workers, which exists\\n:white_check_mark: Node group spot uses workers, which exists\\n:white_check_mark: workers is not the cluster's own role\\n:white_check_mark: Node group general: EKS reports no health issue\\n:white_check_mark: Node group spot: EKS reports no health issue\\n:white_check_mark: In IAM: the role passes every node role check\\n:information_source: CONFIG_MAP mode: only aws-auth maps this role, and the EKS API cannot show it. Read it with `kubectl -n kube-system get configmap aws-auth -o yaml` and look for `rolearn: arn:aws:iam::111111111111:role/workers`"
                }
              }
            ]
            """));
    }

    @Test
    void autoModeClusterShowsItsRoleUnderAutoModeWithTheMinimalPolicies() throws Exception {
        AccountReport report = SampleReports.withClusters(
                List.of(SampleReports.inUse("auto-nodes", SampleReports.AUTO, ManagedPolicy.ECR_READ_ONLY.arn(dev.eksrole.noderole.Partition.AWS))),
                List.of(SampleReports.cluster("auto", AuthenticationMode.API, "auto-nodes", List.of(),
                        SampleReports.entry("auto-nodes", "EC2"))));

        assertThat(clusterGroup(report)).isEqualTo(JSON.readTree("""
            [
              {"type": "divider"},
              {
                "type": "section",
                "text": {
                  "type": "mrkdwn",
                  "text": "*Cluster eu-west-1/auto* · OK · API · Auto Mode on\\n*Auto Mode → auto-nodes* · NEEDS_FIX\\n:white_check_mark: Auto Mode uses auto-nodes, which exists\\n:white_check_mark: Access entry of type EC2\\n:white_check_mark: auto-nodes is not the cluster's own role\\n:x: In IAM: MISSING_POLICY AmazonEKSWorkerNodeMinimalPolicy · _see the node role auto-nodes for the fix_"
                }
              }
            ]
            """));
    }

    @Test
    void manyRolesAndManyClustersStayWithinSlacksLimitsAndTheRestGoesToTheThread() throws Exception {
        List<dev.eksrole.noderole.NodeRole> roles = new ArrayList<>();
        List<dev.eksrole.noderole.ClusterFacts> clusters = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // each role lacks the ECR policy (a role fix); each cluster has 12 node groups of 4 roles, none mapped (cluster fixes)
            roles.add(SampleReports.inUse("workers-%02d".formatted(i), SampleReports.MANAGED, SampleReports.WORKER));
        }
        for (int c = 0; c < 25; c++) {
            List<dev.eksrole.noderole.ClusterFacts.Nodegroup> groups = new ArrayList<>();
            for (int g = 0; g < 12; g++) {
                groups.add(SampleReports.nodegroup("c%02d-group-%02d-with-a-rather-long-name-for-the-on-call-to-read".formatted(c, g),
                        "workers-%02d".formatted((c + g) % 30), AL2023));
            }
            clusters.add(SampleReports.cluster("cluster-%02d".formatted(c), AuthenticationMode.API, null, groups));
        }
        AccountReport report = SampleReports.withClusters(roles, clusters);
        List<OfferedFix> fixes = offers(report);

        SlackMessage message = builder.build(report, CONTEXT, fixes);

        List<SlackMessage> all = new ArrayList<>();
        all.add(message);
        all.addAll(message.threadReplies());
        assertThat(message.threadReplies()).isNotEmpty();
        StringBuilder text = new StringBuilder();
        for (SlackMessage part : all) {
            assertThat(part.blocks()).hasSizeLessThanOrEqualTo(BlockKitLimits.MAX_BLOCKS);
            assertThat(BlockKitLimits.fits(part.blocks())).as("every text within Slack's limits").isTrue();
            text.append(ResultMessageBuilderTest.json(part.blocks()));
        }
        String main = ResultMessageBuilderTest.json(message.blocks()).toString();
        assertThat(main).contains("more node roles or clusters in the thread");
        for (int i = 0; i < 30; i++) {
            assertThat(text).as("role %d shown somewhere", i).contains("*workers-%02d* · NEEDS_FIX".formatted(i));
        }
        for (int c = 0; c < 25; c++) {
            assertThat(text).as("cluster %d shown somewhere", c).contains("*Cluster eu-west-1/cluster-%02d* · NEEDS_FIX".formatted(c));
        }
        // every Fix button is somewhere, once: each role's and each cluster's (an access entry per role in use)
        for (OfferedFix fix : fixes) {
            assertThat(text.toString().split("\"action_id\":\"fix:" + fix.planId() + "\"", -1)).as(fix.plan().kind() + " button")
                    .hasSize(2);
        }
        assertThat(fixes).filteredOn(f -> f.plan().kind() == dev.eksrole.noderole.FixKind.CREATE_ACCESS_ENTRY).hasSize(25 * 12);
    }
}

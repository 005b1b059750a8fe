package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.AwsWorld.CliRun;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FakeCluster;
import dev.eksrole.testing.aws.RecordedCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rules 7-12 end to end: {@code eksrole check --json} through the real AWS SDK against the wire-level
 * IAM/STS/EKS fake, over HTTP, for one account whose clusters are read in the configured regions.
 */
class ClusterCheckEndToEndTest {

    private static final String PROD = "111111111111";
    private static final String EU = "eu-west-1";
    private static final String US = "us-east-1";
    private static final String WORKER = "AmazonEKSWorkerNodePolicy";
    private static final String WORKER_MINIMAL = "AmazonEKSWorkerNodeMinimalPolicy";
    private static final String ECR_READ_ONLY = "AmazonEC2ContainerRegistryReadOnly";
    private static final String ECR_PULL_ONLY = "AmazonEC2ContainerRegistryPullOnly";
    /** A node role whose name matches no pattern: only the cluster that uses it makes it one. */
    private static final String NG_ROLE = "workers-prod";
    private static final String CLUSTER_ROLE = "prod-cluster-role";
    private static final String AL2023 = "AL2023_x86_64_STANDARD";

    @TempDir
    Path dir;

    private AwsWorld world;
    private FakeAccount prod;

    @BeforeEach
    void start() {
        world = AwsWorld.start(dir);
        prod = world.addTarget(PROD, "prod-eu", AWS);
        prod.addRole(CLUSTER_ROLE, "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private String arn(String role) {
        return "arn:aws:iam::" + PROD + ":role/" + role;
    }

    /** A role right in IAM by rules 3-5, with the given policies (by name). */
    private void role(String name, String... policies) {
        prod.addRole(name, "/", prod.ec2TrustPolicy());
        for (String policy : policies) {
            prod.attach(name, awsManagedPolicyArn(AWS, policy));
        }
    }

    private FakeCluster cluster(String region, String name, String mode) {
        return prod.addCluster(region, name, arn(CLUSTER_ROLE), mode);
    }

    private CliRun check(String regions) {
        world.config("regions: " + regions);
        return world.run("check", "prod-eu", "--json");
    }

    private static JsonNode only(JsonNode array) {
        assertThat(array).hasSize(1);
        return array.get(0);
    }

    private static List<String> codes(JsonNode findings) {
        List<String> codes = new ArrayList<>();
        findings.forEach(f -> codes.add(f.get("code").asText()));
        return codes;
    }

    private static JsonNode role(JsonNode report, String name) {
        for (JsonNode role : report.get("roles")) {
            if (role.get("name").asText().equals(name)) {
                return role;
            }
        }
        throw new AssertionError("no role " + name + " in " + report);
    }

    private long eksCalls() {
        return world.fake().calls().stream().filter(c -> "eks".equals(c.service())).count();
    }

    @Test
    void apiModeNodegroupRoleWithoutAccessEntryIsNotMappedWhileTheRoleIsPerfectInIam() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        cluster(EU, "prod", "API").addNodegroup("general", arn(NG_ROLE), AL2023);

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        JsonNode report = run.json();
        assertThat(report.get("verdict").asText()).isEqualTo("NEEDS_FIX");
        assertThat(report.get("regions")).hasSize(1);
        assertThat(report.get("regions").get(0).asText()).isEqualTo(EU);
        // the role joins the node roles though its name matches no pattern, and IAM has nothing against it
        JsonNode role = role(report, NG_ROLE);
        assertThat(role.get("verdict").asText()).isEqualTo("OK");
        assertThat(role.get("findings")).isEmpty();
        JsonNode cluster = only(report.get("clusters"));
        assertThat(cluster.fieldNames()).toIterable()
                .containsExactly("name", "region", "authenticationMode", "autoMode", "verdict", "nodegroups", "findings");
        assertThat(cluster.get("name").asText()).isEqualTo("prod");
        assertThat(cluster.get("region").asText()).isEqualTo(EU);
        assertThat(cluster.get("authenticationMode").asText()).isEqualTo("API");
        assertThat(cluster.get("autoMode").asBoolean()).isFalse();
        assertThat(cluster.get("verdict").asText()).isEqualTo("NEEDS_FIX");
        JsonNode nodegroup = only(cluster.get("nodegroups"));
        assertThat(nodegroup.get("name").asText()).isEqualTo("general");
        assertThat(nodegroup.get("role").asText()).isEqualTo(NG_ROLE);
        JsonNode finding = only(cluster.get("findings"));
        assertThat(finding.fieldNames()).toIterable().containsExactly("code", "severity", "detail", "role", "nodegroup");
        assertThat(finding.get("code").asText()).isEqualTo("NODE_ROLE_NOT_MAPPED");
        assertThat(finding.get("severity").asText()).isEqualTo("NEEDS_FIX");
        assertThat(finding.get("role").asText()).isEqualTo(NG_ROLE);
        assertThat(finding.get("detail").asText()).contains(arn(NG_ROLE), "prod");
    }

    @Test
    void apiModeNodegroupRoleWithANodeAccessEntryIsOk() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster prodCluster = cluster(EU, "prod", "API");
        prodCluster.addNodegroup("general", arn(NG_ROLE), AL2023);
        prodCluster.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode cluster = only(run.json().get("clusters"));
        assertThat(cluster.get("verdict").asText()).isEqualTo("OK");
        assertThat(cluster.get("findings")).isEmpty();
    }

    @Test
    void apiAndConfigMapModeWithoutAccessEntryIsUnverifiedWarning() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        cluster(EU, "prod", "API_AND_CONFIG_MAP").addNodegroup("general", arn(NG_ROLE), AL2023);

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode cluster = only(run.json().get("clusters"));
        assertThat(cluster.get("authenticationMode").asText()).isEqualTo("API_AND_CONFIG_MAP");
        JsonNode finding = only(cluster.get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("NODE_ROLE_MAPPING_UNVERIFIED");
        assertThat(finding.get("severity").asText()).isEqualTo("WARNING");
        assertThat(finding.get("detail").asText()).contains("aws-auth");
    }

    @Test
    void configMapModeHasNoMappingFindingAndTheTableSaysHowToLookAtAwsAuth() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        cluster(EU, "prod", "CONFIG_MAP").addNodegroup("general", arn(NG_ROLE), AL2023);

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode cluster = only(run.json().get("clusters"));
        assertThat(cluster.get("authenticationMode").asText()).isEqualTo("CONFIG_MAP");
        assertThat(cluster.get("findings")).isEmpty();
        // EKS refuses ListAccessEntries in CONFIG_MAP mode: it is not asked
        assertThat(world.fake().count("ListAccessEntries")).isZero();

        CliRun table = world.run("check", "prod-eu");
        assertThat(table.out()).contains("kubectl -n kube-system get configmap aws-auth -o yaml", arn(NG_ROLE));
    }

    @Test
    void standardAccessEntryIsTheWrongType() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster prodCluster = cluster(EU, "prod", "API");
        prodCluster.addNodegroup("general", arn(NG_ROLE), AL2023);
        prodCluster.addAccessEntry(arn(NG_ROLE), "STANDARD", "ops", "ops-team");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        JsonNode finding = only(only(run.json().get("clusters")).get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("ACCESS_ENTRY_WRONG_TYPE");
        assertThat(finding.get("severity").asText()).isEqualTo("NEEDS_FIX");
        assertThat(finding.get("detail").asText()).contains("STANDARD", "EC2_LINUX");
    }

    @Test
    void nodegroupRoleThatWasDeletedIsMissing() {
        cluster(EU, "prod", "API").addNodegroup("general", arn("deleted-node-role"), AL2023);

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        JsonNode report = run.json();
        JsonNode finding = only(only(report.get("clusters")).get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("CLUSTER_NODE_ROLE_MISSING");
        assertThat(finding.get("severity").asText()).isEqualTo("NEEDS_FIX");
        assertThat(finding.get("role").asText()).isEqualTo("deleted-node-role");
        assertThat(finding.get("nodegroup").asText()).isEqualTo("general");
        // the cluster's finding stands for the missing role: no second finding that no node role exists
        assertThat(codes(report.get("findings"))).doesNotContain("NO_NODE_ROLE");
    }

    @Test
    void nodeRoleThatIsAlsoTheClusterRoleIsReported() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster prodCluster = prod.addCluster(EU, "prod", arn(NG_ROLE), "API");
        prodCluster.addNodegroup("general", arn(NG_ROLE), AL2023);
        prodCluster.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        JsonNode finding = only(only(run.json().get("clusters")).get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("NODE_ROLE_IS_CLUSTER_ROLE");
        assertThat(finding.get("role").asText()).isEqualTo(NG_ROLE);
        assertThat(finding.get("nodegroup").asText()).isEqualTo("general");
    }

    @ParameterizedTest
    @ValueSource(strings = {"IamInstanceProfileNotFound", "NodeCreationFailure"})
    void healthIssueEksReportsOnANodegroupIsAFinding(String issue) {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster prodCluster = cluster(EU, "prod", "API");
        prodCluster.addNodegroup("general", arn(NG_ROLE), AL2023,
                FakeCluster.issue(issue, "EKS says: " + issue, "eks-general-1234"));
        prodCluster.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        JsonNode finding = only(only(run.json().get("clusters")).get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("NODEGROUP_HEALTH_ISSUE");
        assertThat(finding.get("severity").asText()).isEqualTo("NEEDS_FIX");
        assertThat(finding.get("detail").asText()).isEqualTo(issue + ": EKS says: " + issue);
        assertThat(finding.get("nodegroup").asText()).isEqualTo("general");
    }

    @Test
    void autoModeRoleWithMinimalAndPullOnlyIsOk() {
        role("auto-nodes", WORKER_MINIMAL, ECR_PULL_ONLY);
        FakeCluster auto = cluster(EU, "auto", "API").autoMode(arn("auto-nodes"), "general-purpose", "system");
        auto.addAccessEntry(arn("auto-nodes"), "EC2");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode report = run.json();
        assertThat(role(report, "auto-nodes").get("verdict").asText()).isEqualTo("OK");
        JsonNode cluster = only(report.get("clusters"));
        assertThat(cluster.get("autoMode").asBoolean()).isTrue();
        assertThat(cluster.get("verdict").asText()).isEqualTo("OK");
    }

    @Test
    void autoModeRoleWithOnlyReadOnlyMissesTheMinimalPolicy() {
        role("auto-nodes", ECR_READ_ONLY);
        FakeCluster auto = cluster(EU, "auto", "API").autoMode(arn("auto-nodes"), "general-purpose");
        auto.addAccessEntry(arn("auto-nodes"), "EC2");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        JsonNode role = role(run.json(), "auto-nodes");
        JsonNode finding = only(role.get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("MISSING_POLICY");
        assertThat(finding.get("detail").asText()).isEqualTo(WORKER_MINIMAL);
    }

    @Test
    void brokenClusterInTheSecondRegionIsFound() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster healthy = cluster(EU, "prod-eu", "API");
        healthy.addNodegroup("general", arn(NG_ROLE), AL2023);
        healthy.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");
        cluster(US, "prod-us", "API").addNodegroup("general", arn(NG_ROLE), AL2023);

        CliRun run = check("[eu-west-1, us-east-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        JsonNode report = run.json();
        assertThat(report.get("regions").toString()).isEqualTo("[\"eu-west-1\",\"us-east-1\"]");
        assertThat(report.get("clusters")).hasSize(2);
        JsonNode first = report.get("clusters").get(0);
        JsonNode second = report.get("clusters").get(1);
        assertThat(first.get("region").asText()).isEqualTo(EU);
        assertThat(first.get("verdict").asText()).isEqualTo("OK");
        assertThat(second.get("region").asText()).isEqualTo(US);
        assertThat(codes(second.get("findings"))).containsExactly("NODE_ROLE_NOT_MAPPED");
        // each region's calls are signed for that region
        assertThat(world.fake().calls("ListClusters")).extracting(RecordedCall::signingRegion).containsExactlyInAnyOrder(EU, US);
    }

    @Test
    void namedRoleWithoutInstanceProfileIsReportedButANodegroupRoleIsNot() {
        role("NodeInstanceRole", WORKER, ECR_READ_ONLY);
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster prodCluster = cluster(EU, "prod", "API");
        prodCluster.addNodegroup("general", arn(NG_ROLE), AL2023);
        prodCluster.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode report = run.json();
        JsonNode named = role(report, "NodeInstanceRole");
        assertThat(named.get("verdict").asText()).isEqualTo("WARNING");
        JsonNode finding = only(named.get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("NO_INSTANCE_PROFILE");
        assertThat(finding.get("severity").asText()).isEqualTo("WARNING");
        assertThat(role(report, NG_ROLE).get("findings")).isEmpty();
    }

    @Test
    void namedRoleInAnInstanceProfileHasNoInstanceProfileFinding() {
        role("NodeInstanceRole", WORKER, ECR_READ_ONLY);
        prod.addInstanceProfile("NodeInstanceRole", "/", "NodeInstanceRole");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(role(run.json(), "NodeInstanceRole").get("findings")).isEmpty();
    }

    @Test
    void noRegionsMeansNoEksCallAndTheResultSaysClustersWereNotChecked() {
        role("NodeInstanceRole", WORKER, ECR_READ_ONLY);
        cluster(EU, "prod", "API").addNodegroup("general", arn("deleted-node-role"), AL2023);

        CliRun json = world.run("check", "prod-eu", "--json");
        CliRun table = world.run("check", "prod-eu");

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json().get("regions")).isEmpty();
        assertThat(json.json().get("clusters")).isEmpty();
        assertThat(table.out()).contains("Clusters not checked", "regions: [eu-west-1]");
        assertThat(eksCalls()).isZero();
        // nor is rule 7 judged, whose exception needs the clusters
        assertThat(world.fake().count("ListInstanceProfilesForRole")).isZero();
    }

    @Test
    void accountOverrideOfRegionsReplacesTheTopLevelOnes() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        cluster(US, "prod-us", "API").addNodegroup("general", arn(NG_ROLE), AL2023);
        world.addConfigEntry("{id: \"222222222222\", name: staging, partition: aws, regions: []}");
        world.fake().addAccount("222222222222", AWS).addRole(AwsWorld.ACCESS_ROLE, "/",
                AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT, AwsWorld.EXTERNAL_ID));

        CliRun prodRun = check("[us-east-1]");
        world.fake().clearCalls();
        CliRun staging = world.run("check", "staging", "--json");

        assertThat(codes(only(prodRun.json().get("clusters")).get("findings"))).containsExactly("NODE_ROLE_NOT_MAPPED");
        assertThat(staging.json().get("regions")).as(staging.out() + staging.err()).isEmpty();
        assertThat(eksCalls()).isZero();
    }

    @Test
    void namesOfRolesInUseCountAsNodeRolesSoNoNodeRoleDoesNotFire() {
        role(NG_ROLE, ECR_READ_ONLY);
        FakeCluster prodCluster = cluster(EU, "prod", "API");
        prodCluster.addNodegroup("general", arn(NG_ROLE), AL2023);
        prodCluster.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");

        CliRun run = check("[eu-west-1]");

        JsonNode report = run.json();
        assertThat(codes(report.get("findings"))).doesNotContain("NO_NODE_ROLE");
        assertThat(codes(role(report, NG_ROLE).get("findings"))).containsExactly("MISSING_POLICY");
    }

    @Test
    void deniedListClustersIsUnknownNamingThePermission() {
        role("NodeInstanceRole", WORKER, ECR_READ_ONLY);
        prod.addInstanceProfile("NodeInstanceRole", "/", "NodeInstanceRole");
        prod.deny(AwsWorld.ACCESS_ROLE, "eks:ListClusters");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        JsonNode report = run.json();
        assertThat(report.get("verdict").asText()).isEqualTo("UNKNOWN");
        JsonNode finding = only(report.get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("EKS_READ_FAILED");
        assertThat(finding.get("severity").asText()).isEqualTo("UNKNOWN");
        assertThat(finding.get("detail").asText()).contains("eks:ListClusters", "denied", EU);
        // what IAM said still stands
        assertThat(role(report, "NodeInstanceRole").get("verdict").asText()).isEqualTo("OK");
    }

    @Test
    void deniedDescribeNodegroupMakesThatClusterUnknown() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        cluster(EU, "prod", "API").addNodegroup("general", arn(NG_ROLE), AL2023);
        prod.deny(AwsWorld.ACCESS_ROLE, "eks:DescribeNodegroup");

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        JsonNode cluster = only(run.json().get("clusters"));
        assertThat(cluster.get("verdict").asText()).isEqualTo("UNKNOWN");
        JsonNode finding = only(cluster.get("findings"));
        assertThat(finding.get("code").asText()).isEqualTo("EKS_READ_FAILED");
        assertThat(finding.get("detail").asText()).contains("eks:DescribeNodegroup", "denied", "prod");
    }

    @Test
    void throttledEksCallsAreRetried() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster prodCluster = cluster(EU, "prod", "API");
        prodCluster.addNodegroup("general", arn(NG_ROLE), AL2023);
        prodCluster.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");
        world.fake().throttle("ListClusters", 2).throttle("DescribeNodegroup", 2);

        CliRun run = check("[eu-west-1]");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(world.fake().count("ListClusters")).isEqualTo(3);
    }

    /**
     * The call budget of the README for 2 regions x 2 clusters x 3 node groups, every node group with a
     * role of its own among three shared by all clusters, each with its node access entry.
     */
    @Test
    void callBudgetForTwoRegionsOfTwoClustersOfThreeNodegroups() {
        List<String> roles = List.of("workers-a", "workers-b", "workers-c");
        roles.forEach(r -> role(r, WORKER, ECR_READ_ONLY));
        for (String region : List.of(EU, US)) {
            for (String name : List.of("blue", "green")) {
                FakeCluster cluster = cluster(region, name, "API");
                for (String role : roles) {
                    cluster.addNodegroup("ng-" + role, arn(role), AL2023);
                    cluster.addAccessEntry(arn(role), "EC2_LINUX");
                }
            }
        }

        CliRun run = check("[eu-west-1, us-east-1]");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.json().get("clusters")).hasSize(4);
        Map<String, Long> counts = new TreeMap<>();
        world.fake().calls().forEach(c -> counts.merge(c.service() + ":" + c.action(), 1L, Long::sum));
        // R=2, C=4, G=12, K=3, N=5 roles (3 node roles, the cluster role and the access role)
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("sts:AssumeRole", 1L),
                Map.entry("iam:ListRoles", 1L),
                Map.entry("iam:ListEntitiesForPolicy", 1L),
                Map.entry("iam:ListAttachedRolePolicies", 3L),
                Map.entry("iam:ListInstanceProfilesForRole", 3L),
                Map.entry("eks:ListClusters", 2L),
                Map.entry("eks:DescribeCluster", 4L),
                Map.entry("eks:ListNodegroups", 4L),
                Map.entry("eks:DescribeNodegroup", 12L),
                Map.entry("eks:ListAccessEntries", 4L),
                Map.entry("eks:DescribeAccessEntry", 12L)));
    }

    @Test
    void scanCountsEachAccountsClustersAndThoseWithFindings() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster healthy = cluster(EU, "blue", "API");
        healthy.addNodegroup("general", arn(NG_ROLE), AL2023);
        healthy.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");
        cluster(EU, "green", "API").addNodegroup("general", arn(NG_ROLE), AL2023);
        world.config("regions: [eu-west-1]");

        CliRun human = world.run("scan");
        CliRun json = world.run("scan", "--json");

        assertThat(human.out()).contains("CLUSTERS").containsPattern("prod-eu \\(111111111111\\) +aws +NEEDS_FIX +1 +2 \\(1 bad\\) +NODE_ROLE_NOT_MAPPED");
        JsonNode account = only(json.json().get("accounts"));
        assertThat(account.get("clusters")).hasSize(2);
    }

    @Test
    void aClusterEksKeepsFailingToDescribeIsUnknownWhileTheOthersAreJudged() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        FakeCluster healthy = cluster(EU, "blue", "API");
        healthy.addNodegroup("general", arn(NG_ROLE), AL2023);
        healthy.addAccessEntry(arn(NG_ROLE), "EC2_LINUX");
        cluster(US, "green", "API").addNodegroup("general", arn(NG_ROLE), AL2023);
        world.fake().failNext("DescribeCluster", 500, "ServerException", "internal failure", 1);
        world.fake().failNext("DescribeCluster", 500, "ServerException", "internal failure", 1);

        CliRun run = check("[eu-west-1, us-east-1]");

        // the SDK retried the two failures; both clusters were then read
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(world.fake().count("DescribeCluster")).isEqualTo(4);
        assertThat(codes(run.json().get("clusters").get(1).get("findings"))).containsExactly("NODE_ROLE_NOT_MAPPED");

        world.fake().clearCalls();
        world.fake().failNext("DescribeCluster", 500, "ServerException", "internal failure", 20);
        CliRun failing = world.run("check", "prod-eu", "--json");

        assertThat(failing.exitCode()).as(failing.err()).isEqualTo(3);
        JsonNode report = failing.json();
        assertThat(report.get("clusters")).hasSize(2);
        for (JsonNode cluster : report.get("clusters")) {
            JsonNode finding = only(cluster.get("findings"));
            assertThat(finding.get("code").asText()).isEqualTo("EKS_READ_FAILED");
            assertThat(finding.get("detail").asText()).contains("eks:DescribeCluster failed", "ServerException");
            assertThat(cluster.get("authenticationMode").isNull()).isTrue();
        }
        assertThat(role(report, NG_ROLE).get("verdict").asText()).isEqualTo("OK");
    }

    @Test
    void anAccountThatCouldNotBeReadHasItsClustersNotReadRatherThanZero() {
        role(NG_ROLE, WORKER, ECR_READ_ONLY);
        cluster(EU, "prod", "API").addNodegroup("general", arn(NG_ROLE), AL2023);
        world.config("regions: [eu-west-1]");
        world.fake().failNext("ListRoles", 403, "AccessDenied", "not allowed to list roles", 100);

        CliRun table = world.run("check", "prod-eu");
        CliRun scan = world.run("scan");

        assertThat(table.exitCode()).as(table.err()).isEqualTo(3);
        assertThat(table.out()).contains("Clusters in eu-west-1 were not read").doesNotContain("0 clusters", "cluster in eu-west-1");
        assertThat(scan.out()).contains("not read").doesNotContainPattern("prod-eu.*UNKNOWN\\s+0\\s+0\\b");
    }
}

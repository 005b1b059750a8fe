package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.AWS_CN;
import static dev.eksrole.testing.aws.FakeAws.AWS_US_GOV;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.Main;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.aws.FakeAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as its own process, configured only through the environment: the SDK's own
 * {@code AWS_ENDPOINT_URL_IAM}/{@code AWS_ENDPOINT_URL_STS} and credential variables, and
 * {@code EKSROLE_CONFIG}. Stdout carries exactly one JSON object; logs go to stderr.
 */
class CheckInChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void stdoutIsOneJsonObjectAndTheExitCodeIsTheVerdict() throws Exception {
        try (AwsWorld world = AwsWorld.start(dir)) {
            FakeAccount prod = world.addTarget("111111111111", "prod-eu", AWS);
            prod.addRole("NodeInstanceRole");
            prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "check", "prod-eu", "--json");
            builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("EKSROLE_"));
            builder.environment().putAll(world.childEnvironment());
            builder.redirectError(dir.resolve("stderr.txt").toFile());
            Process process = builder.start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String stderr = Files.readString(dir.resolve("stderr.txt"));

            assertThat(process.exitValue()).as(stderr).isEqualTo(2);
            JsonNode report = new ObjectMapper().readTree(stdout);
            assertThat(report.get("verdict").asText()).isEqualTo("NEEDS_FIX");
            assertThat(stdout.strip()).isEqualTo(report.toString());
            assertThat(stderr).doesNotContain(world.hub().secretAccessKey());
            assertThat(world.fake().count("AssumeRole")).isEqualTo(1);
            assertThat(world.fake().count("ListAttachedRolePolicies")).isEqualTo(1);
        }
    }

    @Test
    void theRealMainReadsClustersThroughAwsEndpointUrlEks() {
        try (AwsWorld world = AwsWorld.start(dir)) {
            FakeAccount prod = world.addTarget("111111111111", "prod-eu", AWS);
            // a role no pattern names, perfect in IAM: only the cluster that uses it makes it a node role, and NEEDS_FIX
            prod.addRole("workers-prod", "/", prod.ec2TrustPolicy());
            prod.attach("workers-prod", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"))
                    .attach("workers-prod", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
            prod.addCluster("eu-west-1", "prod", prod.roleArn("cluster-role"), "API")
                    .addNodegroup("general", prod.roleArn("workers-prod"), "AL2023_x86_64_STANDARD");
            world.config("regions: [eu-west-1]");

            AwsWorld.CliRun run = world.runInChildProcess(Map.of(), "check", "prod-eu", "--json");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            JsonNode report = run.json();
            assertThat(report.get("regions").get(0).asText()).isEqualTo("eu-west-1");
            JsonNode cluster = report.get("clusters").get(0);
            assertThat(cluster.get("name").asText()).isEqualTo("prod");
            assertThat(cluster.get("nodegroups").get(0).get("role").asText()).isEqualTo("workers-prod");
            assertThat(cluster.get("findings").get(0).get("code").asText()).isEqualTo("NODE_ROLE_NOT_MAPPED");
            assertThat(world.fake().calls("ListClusters")).extracting(c -> c.accountId() + "@" + c.signingRegion())
                    .containsExactly("111111111111@eu-west-1");
        }
    }

    @Test
    void chinaAndGovCloudAccountsAreReadInTheirOwnPartitionThroughOverriddenEndpoints() {
        try (AwsWorld world = AwsWorld.start(dir)) {
            for (String[] target : new String[][] {{"333333333333", "china-north", AWS_CN}, {"444444444444", "gov-west", AWS_US_GOV}}) {
                FakeAccount account = world.addTarget(target[0], target[1], target[2]);
                account.addRole("NodeInstanceRole");
                account.attach("NodeInstanceRole", awsManagedPolicyArn(target[2], "AmazonEKSWorkerNodePolicy"))
                        .attach("NodeInstanceRole", awsManagedPolicyArn(target[2], "AmazonEC2ContainerRegistryReadOnly"));
            }

            // AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS point at the fake, which, like AWS-compatible emulators,
            // serves each request from the partition of the region it is signed for
            AwsWorld.CliRun run = world.runInChildProcess(Map.of(), "scan", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.json().get("accounts")).extracting(a -> a.get("name").asText() + "=" + a.get("verdict").asText())
                    .containsExactly("china-north=OK", "gov-west=OK");
            assertThat(world.fake().calls("ListRoles")).extracting(c -> c.accountId() + "@" + c.signingRegion())
                    .containsExactlyInAnyOrder("333333333333@cn-north-1", "444444444444@us-gov-west-1");
            assertThat(world.fake().calls("AssumeRole")).extracting(c -> c.signingRegion())
                    .containsExactlyInAnyOrder("cn-north-1", "us-gov-west-1");
        }
    }
}

package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
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
}

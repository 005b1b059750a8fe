package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.AWS_CN;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.AwsWorld.CliRun;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.RecordedCall;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eksrole check} with no config file and no account: the account of the current credentials,
 * found with GetCallerIdentity and read with those credentials, no AssumeRole. With a config file an
 * account must be named; with an account named, the config file must be there.
 */
class OwnAccountCheckTest {

    @TempDir
    Path dir;

    private AwsWorld world;
    private FakeAccount hubAccount;

    @BeforeEach
    void start() {
        world = AwsWorld.start(dir);
        world.addTarget("111111111111", "prod-eu", AWS);
        hubAccount = world.fake().account(AwsWorld.HUB_ACCOUNT);
        hubAccount.addRole("NodeInstanceRole");
        hubAccount.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private Map<String, String> noConfig() {
        return Map.of("EKSROLE_CONFIG", dir.resolve("no-such-config.yml").toString());
    }

    @Test
    void withNoConfigAndNoAccountTheCallersOwnAccountIsChecked() {
        CliRun json = world.runWithEnvironment(noConfig(), "check", "--json");

        assertThat(json.exitCode()).as(json.err()).isEqualTo(2);
        JsonNode report = json.json();
        assertThat(report.get("account").asText()).isEqualTo(AwsWorld.HUB_ACCOUNT);
        assertThat(report.get("name").asText()).isEqualTo(AwsWorld.HUB_ACCOUNT);
        assertThat(report.get("partition").asText()).isEqualTo("aws");
        assertThat(report.get("verdict").asText()).isEqualTo("NEEDS_FIX");
        assertThat(report.get("roles").get(0).get("findings").get(0).get("detail").asText())
                .isEqualTo("AmazonEC2ContainerRegistryReadOnly");
        assertThat(json.err()).contains("no config file at " + dir.resolve("no-such-config.yml"))
                .contains("checking " + AwsWorld.HUB_ACCOUNT + " (aws), the account of the current AWS credentials");
        assertThat(world.fake().count("AssumeRole")).isZero();
        assertThat(world.fake().count("GetCallerIdentity")).isEqualTo(1);
        assertThat(world.fake().calls("ListRoles")).singleElement().satisfies(c -> {
            assertThat(c.accountId()).isEqualTo(AwsWorld.HUB_ACCOUNT);
            assertThat(c.accessKeyId()).isEqualTo(world.hub().accessKeyId());
        });

        CliRun human = world.runWithEnvironment(noConfig(), "check");
        assertThat(human.exitCode()).isEqualTo(2);
        assertThat(human.out()).startsWith(AwsWorld.HUB_ACCOUNT + ", aws: NEEDS_FIX").contains("NodeInstanceRole");
    }

    @Test
    void aChinaCallerIsCheckedInItsPartition() {
        System.setProperty("aws.accessKeyId", world.hub(AWS_CN).accessKeyId());
        System.setProperty("aws.secretAccessKey", world.hub(AWS_CN).secretAccessKey());
        System.setProperty("aws.region", "cn-north-1");
        FakeAccount cnHub = world.fake().account(AwsWorld.HUB_CN_ACCOUNT);
        cnHub.addRole("NodeInstanceRole");
        cnHub.attach("NodeInstanceRole", awsManagedPolicyArn(AWS_CN, "AmazonEKSWorkerNodePolicy"))
                .attach("NodeInstanceRole", awsManagedPolicyArn(AWS_CN, "AmazonEC2ContainerRegistryReadOnly"));

        CliRun run = world.runWithEnvironment(noConfig(), "check", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("verdict").asText()).isEqualTo("OK");
        assertThat(run.json().get("partition").asText()).isEqualTo("aws-cn");
        assertThat(run.json().get("account").asText()).isEqualTo(AwsWorld.HUB_CN_ACCOUNT);
        // healthy only if read in its own partition: the EC2 trust there names ec2.amazonaws.com.cn
        assertThat(world.fake().calls("ListRoles")).extracting(RecordedCall::signingRegion).containsOnly("cn-north-1");
    }

    @Test
    void withNoConfigAndNoCredentialsItSaysWhatIsMissing() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");

        CliRun json = world.runWithEnvironment(noConfig(), "check", "--json");
        CliRun human = world.runWithEnvironment(noConfig(), "check");

        assertThat(json.exitCode()).isEqualTo(3);
        assertThat(json.json().get("error").asText()).isEqualTo("no_caller_account");
        assertThat(json.json().get("message").asText()).contains("no config file at")
                .contains("eksrole found no AWS credentials of its own");
        assertThat(human.exitCode()).isEqualTo(3);
        assertThat(human.out()).isEmpty();
        assertThat(human.err()).contains("Next: give eksrole credentials").doesNotContain("Exception", "null");
    }

    @Test
    void withAConfigFileAnAccountMustBeNamed() {
        CliRun run = world.run("check");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("name an account").contains("prod-eu (111111111111)");
        assertThat(world.fake().calls()).isEmpty();
    }

    @Test
    void withAnAccountNamedTheConfigFileMustBeThere() {
        CliRun run = world.runWithEnvironment(noConfig(), "check", "prod-eu");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("bad config").contains("config file " + dir.resolve("no-such-config.yml") + " not found");
        assertThat(world.fake().calls()).isEmpty();
    }

    @Test
    void aFirstRunWithoutAnyConfigInAChildProcessChecksTheCallersAccount() {
        Map<String, String> env = new HashMap<>();
        env.put("EKSROLE_CONFIG", null);

        CliRun run = world.runInChildProcess(env, "check", "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.json().get("account").asText()).isEqualTo(AwsWorld.HUB_ACCOUNT);
        assertThat(run.err()).contains("no config file at config/eksrole.yml");
        assertThat(world.fake().count("AssumeRole")).isZero();
    }
}

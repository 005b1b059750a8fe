package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.AwsWorld.CliRun;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.RecordedCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's own credentials as a real installation has them, in a child process whose home folder,
 * AWS files and endpoint variables are its own: an IAM Identity Center (SSO) profile with the SDK's
 * token cache, served by the fake's SSO portal through {@code AWS_ENDPOINT_URL_SSO}, and an
 * {@code AWS_PROFILE} that names no profile.
 */
class HubCredentialsInChildProcessTest {

    private static final String PROD = "111111111111";
    private static final String TOKEN = "sso-access-token-of-jane";
    private static final String SESSION = "corp";

    @TempDir
    Path dir;

    private AwsWorld world;
    private Path home;

    @BeforeEach
    void start() throws Exception {
        world = AwsWorld.start(dir);
        FakeAccount prod = world.addTarget(PROD, "prod-eu", AWS);
        prod.addRole("NodeInstanceRole");
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"))
                .attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
        home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".aws/sso/cache"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile hub-sso]
                sso_session = corp
                sso_account_id = 999999999999
                sso_role_name = EksRoleHub
                region = us-east-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                sso_registration_scopes = sso:account:access
                """);
        Files.writeString(home.resolve(".aws/credentials"), "");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    /** The token the AWS CLI's {@code aws sso login} leaves in the SDK's cache for the session. */
    private void cachedToken(Instant expiresAt) throws Exception {
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(SESSION.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(home.resolve(".aws/sso/cache/" + key + ".json"), """
                {"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1", "accessToken": "%s",
                 "expiresAt": "%s"}
                """.formatted(TOKEN, expiresAt));
    }

    /** The child's environment: a home of its own, the SSO profile, no access keys, the fake for SSO too. */
    private Map<String, String> ssoEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", null);
        env.put("AWS_SHARED_CREDENTIALS_FILE", null);
        env.put("AWS_ACCESS_KEY_ID", null);
        env.put("AWS_SECRET_ACCESS_KEY", null);
        env.put("AWS_PROFILE", "hub-sso");
        env.put("AWS_ENDPOINT_URL_SSO", world.fake().endpoint().toString());
        return env;
    }

    @Test
    void anIamIdentityCenterProfileIsTheHubIdentity() throws Exception {
        String ssoRole = world.fake().ssoAssignment(TOKEN, "jane", AwsWorld.HUB_ACCOUNT, "EksRoleHub");
        cachedToken(Instant.now().plusSeconds(3600));

        CliRun run = world.runInChildProcess(ssoEnvironment(), "check", "prod-eu", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.json().get("verdict").asText()).isEqualTo("OK");
        RecordedCall portal = world.fake().calls("GetRoleCredentials").get(0);
        assertThat(portal.parameter("account_id")).isEqualTo(AwsWorld.HUB_ACCOUNT);
        assertThat(portal.parameter("role_name")).isEqualTo("EksRoleHub");
        RecordedCall assume = world.fake().calls("AssumeRole").get(0);
        assertThat(world.fake().callerArn(assume.accessKeyId()))
                .isEqualTo("arn:aws:sts::" + AwsWorld.HUB_ACCOUNT + ":assumed-role/" + ssoRole + "/jane");
        assertThat(run.err()).doesNotContain(TOKEN);
    }

    @Test
    void anExpiredIamIdentityCenterSignInAsksForAwsSsoLogin() throws Exception {
        world.fake().ssoAssignment(TOKEN, "jane", AwsWorld.HUB_ACCOUNT, "EksRoleHub");
        cachedToken(Instant.now().minusSeconds(600));

        CliRun json = world.runInChildProcess(ssoEnvironment(), "check", "prod-eu", "--json");
        CliRun human = world.runInChildProcess(ssoEnvironment(), "check", "prod-eu");

        assertThat(json.exitCode()).as(json.err()).isEqualTo(3);
        JsonNode finding = json.json().get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("ASSUME_ROLE_FAILED");
        assertThat(finding.get("detail").asText()).startsWith("could not assume arn:aws:iam::" + PROD + ":role/EksRoleAccess: "
                + "the IAM Identity Center (SSO) sign-in of profile hub-sso has expired or was never made (");
        assertThat(human.exitCode()).isEqualTo(3);
        assertThat(human.out()).contains("next: Nothing in the account is at fault: run aws sso login --profile hub-sso "
                + "where eksrole runs, then check again.").doesNotContain("fix its trust", "null");
        assertThat(world.fake().calls("GetRoleCredentials")).isEmpty();
        assertThat(world.fake().calls("AssumeRole")).isEmpty();
    }

    @Test
    void anAwsProfileThatIsNotThereIsNamedAndNotBlamedOnTheAccount() {
        Map<String, String> env = ssoEnvironment();
        env.put("AWS_PROFILE", "hub-typo");

        CliRun human = world.runInChildProcess(env, "check", "prod-eu");

        assertThat(human.exitCode()).as(human.err()).isEqualTo(3);
        assertThat(human.out()).contains("could not assume arn:aws:iam::" + PROD + ":role/EksRoleAccess: the AWS profile hub-typo "
                + "is in neither the AWS config file nor the credentials file").contains("next: Nothing in the account is at fault: add the profile hub-typo")
                .doesNotContain("fix its trust", "null");
    }
}

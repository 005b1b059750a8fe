package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.AwsWorld.CliRun;
import dev.eksrole.testing.aws.FakeAccount;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way an AssumeRole can fail, through the CLI, the real SDK and the IAM/STS fake: each names its
 * true cause and the right next step, only a refusal by the account's role blames the account, the
 * JSON contract holds (code ASSUME_ROLE_FAILED, severity UNKNOWN, a detail) and nothing says "null".
 */
class AssumeRoleFailureEndToEndTest {

    private static final String PROD = "111111111111";
    private static final String ROLE = "arn:aws:iam::" + PROD + ":role/EksRoleAccess";
    private static final String TRUST_NEXT_STEP = "In the account, create " + ROLE + " (or fix its trust)";
    private static final String NOT_THE_ACCOUNT = "Nothing in the account is at fault";

    @TempDir
    Path dir;

    private AwsWorld world;
    private FakeAccount prod;

    @BeforeEach
    void start() {
        world = AwsWorld.start(dir);
        prod = world.addTarget(PROD, "prod-eu", AWS);
        prod.addRole("NodeInstanceRole");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    /** The one account finding of a failed check, after checking what every such run shares. */
    private JsonNode failedFinding(CliRun json, CliRun human) {
        assertThat(json.exitCode()).as(json.err()).isEqualTo(3);
        assertThat(human.exitCode()).isEqualTo(3);
        JsonNode report = json.json();
        assertThat(report.get("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(report.get("roles")).isEmpty();
        assertThat(report.get("findings")).hasSize(1);
        JsonNode finding = report.get("findings").get(0);
        assertThat(finding.fieldNames()).toIterable().containsExactly("code", "severity", "detail");
        assertThat(finding.get("code").asText()).isEqualTo("ASSUME_ROLE_FAILED");
        assertThat(finding.get("severity").asText()).isEqualTo("UNKNOWN");
        assertThat(finding.get("detail").asText()).startsWith("could not assume " + ROLE + ": ");
        assertThat(json.out() + human.out()).doesNotContainIgnoringCase("null");
        assertThat(human.out()).contains("ASSUME_ROLE_FAILED").contains(finding.get("detail").asText()).contains("next: ");
        assertThat(world.fake().count("ListRoles")).as("no IAM read without a session").isZero();
        return finding;
    }

    private CliRun[] check() {
        return new CliRun[] {world.run("check", "prod-eu", "--json"), world.run("check", "prod-eu")};
    }

    private JsonNode failedCheck(String... humanOutputContains) {
        CliRun[] runs = check();
        JsonNode finding = failedFinding(runs[0], runs[1]);
        assertThat(runs[1].out()).contains(humanOutputContains);
        return finding;
    }

    @Test
    void anUnknownHubKeyIsTheHubsFaultNotTheAccounts() {
        System.setProperty("aws.accessKeyId", "AKIAUNKNOWNKEY000000");

        JsonNode finding = failedCheck("next: " + NOT_THE_ACCOUNT + ": give eksrole a valid access key");

        assertThat(finding.get("detail").asText()).isEqualTo("could not assume " + ROLE + ": STS does not accept eksrole's own "
                + "access key (unknown key, or a secret that does not match it) (InvalidClientTokenId: The security token "
                + "included in the request is invalid.)");
        assertThat(check()[1].out()).doesNotContain(TRUST_NEXT_STEP);
    }

    @Test
    void aSecretThatDoesNotMatchTheKeyIsTheHubsFault() {
        System.setProperty("aws.secretAccessKey", "not-the-secret-the-fake-issued");

        JsonNode finding = failedCheck("next: " + NOT_THE_ACCOUNT);

        assertThat(finding.get("detail").asText()).contains("STS does not accept eksrole's own access key")
                .contains("SignatureDoesNotMatch");
    }

    @Test
    void expiredHubCredentialsSaySoAndHowToRenew() {
        world.fake().expire(world.hub().accessKeyId());

        JsonNode finding = failedCheck("next: " + NOT_THE_ACCOUNT + ": renew eksrole's own credentials");

        assertThat(finding.get("detail").asText()).isEqualTo("could not assume " + ROLE + ": eksrole's own credentials have "
                + "expired (ExpiredToken: The security token included in the request is expired)");
    }

    @Test
    void noHubCredentialsAtAllNameTheSourcesToSetUp() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");

        JsonNode finding = failedCheck("next: " + NOT_THE_ACCOUNT + ": give eksrole credentials for its hub identity");

        assertThat(finding.get("detail").asText()).isEqualTo("could not assume " + ROLE + ": eksrole found no AWS credentials "
                + "of its own (no AWS_PROFILE, AWS_ACCESS_KEY_ID, web identity token, container or instance role)");
        assertThat(world.fake().count("AssumeRole")).isZero();
    }

    @Test
    void aConfiguredProfileThatDoesNotExistIsNamed() {
        world.addConfigEntry("{id: \"222222222222\", name: ghostly, profile: ghost}");
        world.fake().addAccount("222222222222").addRole(AwsWorld.ACCESS_ROLE, "/", AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT,
                AwsWorld.EXTERNAL_ID));

        CliRun json = world.run("check", "ghostly", "--json");
        CliRun human = world.run("check", "ghostly");

        assertThat(json.exitCode()).isEqualTo(3);
        String detail = json.json().get("findings").get(0).get("detail").asText();
        assertThat(detail).startsWith("could not assume arn:aws:iam::222222222222:role/EksRoleAccess: the AWS profile ghost is "
                + "in neither the AWS config file nor the credentials file (Profile file contained no credentials for profile 'ghost')");
        assertThat(human.out()).contains("next: " + NOT_THE_ACCOUNT + ": add the profile ghost to the AWS config file")
                .doesNotContain("(or fix its trust)", "ProfileFile(");
    }

    @Test
    void anAwsProfileThatDoesNotExistIsNamedToo() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.setProperty("aws.profile", "ghost");

        JsonNode finding = failedCheck("add the profile ghost to the AWS config file");

        assertThat(finding.get("detail").asText()).contains("the AWS profile ghost is in neither the AWS config file nor the credentials file");
    }

    @Test
    void anUnreachableStsEndpointIsNamedWithTheAttempts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + closedPort);

        JsonNode finding = failedCheck("next: " + NOT_THE_ACCOUNT + ": make http://127.0.0.1:" + closedPort + " reachable");

        assertThat(finding.get("detail").asText()).isEqualTo("could not assume " + ROLE + ": STS could not be reached at "
                + "http://127.0.0.1:" + closedPort + " after 6 attempts (Connection refused)");
    }

    @Test
    void stsFailingThroughEveryRetryIsAwsFaultAndNeverATrustProblem() {
        world.fake().failNext("AssumeRole", 500, "ServiceFailure", "Internal failure", 12);

        JsonNode finding = failedCheck("AWS failed (it was retried), and the role's trust needs no change");

        assertThat(finding.get("detail").asText()).isEqualTo("could not assume " + ROLE + ": AWS STS failed at "
                + world.fake().endpoint() + " and went on failing after 6 attempts (ServiceFailure: Internal failure)");
        assertThat(world.fake().count("AssumeRole")).isEqualTo(12);
        assertThat(check()[1].out()).doesNotContain("fix its trust");
    }

    @Test
    void anStsErrorWithoutCodeOrMessageNeverReadsNull() {
        world.fake().failNext("AssumeRole", 500, null, null, 6);

        CliRun run = world.run("check", "prod-eu", "--json");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).doesNotContainIgnoringCase("null");
        assertThat(run.json().get("findings").get(0).get("detail").asText()).isEqualTo("could not assume " + ROLE + ": AWS STS failed at "
                + world.fake().endpoint() + " and went on failing after 6 attempts (HTTP 500)");
    }

    @Test
    void anAssumeRoleAnswerWithoutCredentialsIsUnknownNotACrash() {
        world.fake().answerEmpty("AssumeRole", 2);

        JsonNode finding = failedCheck("next: " + NOT_THE_ACCOUNT + ": the STS endpoint answered oddly");

        assertThat(finding.get("detail").asText()).isEqualTo("could not assume " + ROLE + ": STS at " + world.fake().endpoint()
                + " answered AssumeRole without credentials (the answer has no Credentials)");
    }

    @Test
    void anAssumeRoleAnswerThatIsNotXmlIsUnknownToo() {
        world.fake().answerUnreadable("AssumeRole", 2);

        JsonNode finding = failedCheck("the STS endpoint answered oddly");

        assertThat(finding.get("detail").asText()).startsWith("could not assume " + ROLE + ": STS at " + world.fake().endpoint()
                + " answered AssumeRole without credentials (the answer could not be read: ");
    }

    @Test
    void aDenialByTheHubsOwnPolicyIsTheHubsFault() {
        world.fake().account(AwsWorld.HUB_ACCOUNT).identityPolicy("eksrole-hub", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                  "Resource": "arn:aws:iam::*:role/SomethingElse"}]}""");

        JsonNode finding = failedCheck("next: " + NOT_THE_ACCOUNT + ": allow sts:AssumeRole on this role in the hub identity's "
                + "own IAM policy (eksrole iam hub-policy prints the exact policy for the config)");

        assertThat(finding.get("detail").asText()).isEqualTo("could not assume " + ROLE + ": the hub identity "
                + world.hubArn() + " may not call sts:AssumeRole on it: no identity-based policy of the hub allows it "
                + "(AccessDenied: User: " + world.hubArn() + " is not authorized to perform: sts:AssumeRole on resource: "
                + ROLE + " because no identity-based policy allows the sts:AssumeRole action)");
        assertThat(check()[1].out()).doesNotContain("fix its trust");
    }

    @Test
    void anExplicitDenyInTheHubsPolicyIsTheHubsFault() {
        world.fake().account(AwsWorld.HUB_ACCOUNT).identityPolicy("eksrole-hub", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "sts:*", "Resource": "*"},
                  {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/*"}]}""");

        JsonNode finding = failedCheck("allow sts:AssumeRole on this role in the hub identity's own IAM policy");

        assertThat(finding.get("detail").asText()).contains("an explicit deny in the hub's identity-based policy");
    }

    @Test
    void aTrustWithoutTheHubIsTheAccountsToFixAndSaysAllThreeCauses() {
        prod.setTrust(AwsWorld.ACCESS_ROLE, AwsWorld.accessTrust(AWS, "123456789012", AwsWorld.EXTERNAL_ID));

        JsonNode finding = failedCheck("next: " + TRUST_NEXT_STEP + " so that it trusts " + world.hubArn()
                + " for sts:AssumeRole with the condition sts:ExternalId = \"" + AwsWorld.EXTERNAL_ID + "\"");

        assertThat(finding.get("detail").asText()).isEqualTo("could not assume " + ROLE + ": STS refused (AccessDenied: User: "
                + world.hubArn() + " is not authorized to perform: sts:AssumeRole on resource: " + ROLE + "): the role does "
                + "not exist, its trust does not let " + world.hubArn() + " in, or its trust requires another ExternalId than \""
                + AwsWorld.EXTERNAL_ID + "\" (AWS does not say which)");
    }

    @Test
    void aWrongExternalIdAndAMissingRoleReadTheSameAsABadTrust() {
        prod.setTrust(AwsWorld.ACCESS_ROLE, AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT, "another-external-id"));
        String wrongExternalId = failedCheck(TRUST_NEXT_STEP).get("detail").asText();
        world.fake().clearCalls();
        prod.removeRole(AwsWorld.ACCESS_ROLE);
        String missingRole = failedCheck(TRUST_NEXT_STEP).get("detail").asText();

        assertThat(wrongExternalId).isEqualTo(missingRole).contains("(AWS does not say which)");
    }
}

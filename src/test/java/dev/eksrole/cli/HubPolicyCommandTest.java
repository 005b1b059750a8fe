package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.AWS_CN;
import static dev.eksrole.testing.aws.FakeAws.AWS_US_GOV;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.aws.AwsModule;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.noderole.AccessFailure;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.Partition;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.AwsWorld.CliRun;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.RecordedCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * {@code eksrole iam hub-policy}: installed on the hub identities (the fake evaluates it on AssumeRole
 * as IAM does), it lets every check of the config through and nothing else: not another role in a
 * configured account, not the same role in another account, not the same name at another path.
 */
class HubPolicyCommandTest {

    private static final String PROD = "111111111111";
    private static final String STAGING = "222222222222";
    private static final String CHINA = "333333333333";
    private static final String GOV = "444444444444";
    private static final String STRANGER = "555555555555";

    @TempDir
    Path dir;

    private AwsWorld world;
    private FakeAccount prod;
    private FakeAccount china;

    @BeforeEach
    void start() {
        world = AwsWorld.start(dir);
        prod = world.addTarget(PROD, "prod-eu", AWS);
        FakeAccount staging = world.fake().addAccount(STAGING, AWS);
        staging.addRole(AwsWorld.ACCESS_ROLE, "/platform/", AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT, "staging-external-id"));
        world.addConfigEntry("{id: \"" + STAGING + "\", name: staging, roleArn: \"arn:aws:iam::" + STAGING
                + ":role/platform/EksRoleAccess\", externalId: staging-external-id}");
        china = world.addTarget(CHINA, "china-north", AWS_CN);
        world.addTarget(GOV, "gov-west", AWS_US_GOV);
        // roles the policy must keep the hub out of, though their trust would let it in
        String trust = AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT, AwsWorld.EXTERNAL_ID);
        prod.addRole("OtherAccess", "/", trust);
        prod.addRole("PathVariant", "/platform/", trust);
        world.fake().addAccount(STRANGER, AWS).addRole(AwsWorld.ACCESS_ROLE, "/", trust);
        china.addRole("OtherAccess", "/", AwsWorld.accessTrust(AWS_CN, AwsWorld.HUB_CN_ACCOUNT, AwsWorld.EXTERNAL_ID));
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void thereIsOnePolicyPerHubIdentityWithExactlyTheConfiguredRoles() {
        CliRun run = world.run("iam", "hub-policy", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode policies = run.json().get("policies");
        assertThat(policies).extracting(p -> p.get("partition").asText() + "/" + p.get("profile").asText())
                .containsExactly("aws/null", "aws-cn/china", "aws-us-gov/govcloud");
        assertThat(policies.get(0).get("profile").isNull()).isTrue();
        assertThat(policies.get(0).get("accounts")).extracting(a -> a.get("id").asText()).containsExactly(PROD, STAGING);
        JsonNode statement = policies.get(0).get("policy").get("Statement").get(0);
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(texts(statement.get("Resource"))).containsExactly("arn:aws:iam::" + PROD + ":role/EksRoleAccess",
                "arn:aws:iam::" + STAGING + ":role/platform/EksRoleAccess");
        assertThat(texts(policies.get(1).get("policy").get("Statement").get(0).get("Resource")))
                .containsExactly("arn:aws-cn:iam::" + CHINA + ":role/EksRoleAccess");
        assertThat(texts(policies.get(2).get("policy").get("Statement").get(0).get("Resource")))
                .containsExactly("arn:aws-us-gov:iam::" + GOV + ":role/EksRoleAccess");
        assertThat(world.fake().calls()).as("the config alone decides").isEmpty();
    }

    @Test
    void theHumanOutputSaysWhichIdentityEachPolicyIsFor() {
        CliRun run = world.run("iam", "hub-policy");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("# For the hub identity of the default credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, or the pod or "
                        + "instance role eksrole runs as), partition aws:\n# prod-eu (" + PROD + "), staging (" + STAGING + ")\n{")
                .contains("# For the identity of AWS profile china, partition aws-cn:\n# china-north (" + CHINA + ")")
                .contains("\"arn:aws-us-gov:iam::" + GOV + ":role/EksRoleAccess\"");
    }

    @Test
    void theGeneratedPoliciesAllowEveryCheckAndNothingElse() throws Exception {
        JsonNode policies = world.run("iam", "hub-policy", "--json").json().get("policies");
        for (JsonNode policy : policies) {
            String partition = policy.get("partition").asText();
            world.fake().account(AwsWorld.hubAccount(partition)).identityPolicy(AwsWorld.hubUser(partition),
                    policy.get("policy").toString());
        }

        CliRun scan = world.run("scan", "--json");

        assertThat(scan.json().get("accounts")).hasSize(4).allSatisfy(account -> assertThat(account.get("findings").toString())
                .as(account.get("name").asText()).doesNotContain("ASSUME_ROLE_FAILED"));
        assertThat(world.fake().calls("AssumeRole")).hasSize(4).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));

        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                new ConfigModule(new ConfigLoader().load(world.writeConfig())), new AwsModule(), new NodeRoleModule());
        try {
            NodeRoleChecker checker = injector.getInstance(NodeRoleChecker.class);
            List<Account> notConfigured = List.of(
                    new Account(PROD, "other-role", Partition.AWS, prod.roleArn("OtherAccess"), AwsWorld.EXTERNAL_ID, null),
                    new Account(STRANGER, "stranger", Partition.AWS, "arn:aws:iam::" + STRANGER + ":role/EksRoleAccess",
                            AwsWorld.EXTERNAL_ID, null),
                    new Account(PROD, "path-variant", Partition.AWS, "arn:aws:iam::" + PROD + ":role/platform/EksRoleAccess",
                            AwsWorld.EXTERNAL_ID, null),
                    new Account(CHINA, "china-other", Partition.AWS_CN, china.roleArn("OtherAccess"), AwsWorld.EXTERNAL_ID,
                            AwsWorld.CN_PROFILE));
            for (Account account : notConfigured) {
                AccountReport report = checker.check(account, "U123");
                assertThat(report.findings()).as(account.name()).singleElement().satisfies(f -> {
                    Finding.AssumeRoleFailed failed = (Finding.AssumeRoleFailed) f;
                    assertThat(failed.cause()).isEqualTo(AccessFailure.Cause.HUB_POLICY_DENIED);
                    assertThat(failed.detail()).contains("because no identity-based policy allows the sts:AssumeRole action");
                    assertThat(failed.nextStep()).contains("eksrole iam hub-policy").doesNotContain("fix its trust");
                });
            }
        } finally {
            injector.getInstance(AccountSessionCache.class).close();
            injector.getInstance(SdkHttpClient.class).close();
        }
        assertThat(world.fake().calls("AssumeRole")).filteredOn(c -> c.status() != 200).hasSize(4)
                .extracting(RecordedCall::errorCode).containsOnly("AccessDenied");
    }

    @Test
    void theShippedGenericHubPolicyWouldLetTheStrangersRoleIn() throws Exception {
        // the contrast that makes the generated policy worth having: the generic one cannot tell accounts apart
        String generic = java.nio.file.Files.readString(Path.of("config/iam/hub-policy.json"));
        world.fake().account(AwsWorld.HUB_ACCOUNT).identityPolicy("eksrole-hub", generic);
        world.addConfigEntry("{id: \"" + STRANGER + "\", name: stranger}");

        CliRun run = world.run("check", "stranger", "--json");

        assertThat(run.json().get("findings").toString()).doesNotContain("ASSUME_ROLE_FAILED");
    }

    @Test
    void withoutAConfigItIsABadConfig() {
        CliRun run = world.runWithEnvironment(java.util.Map.of("EKSROLE_CONFIG", dir.resolve("none.yml").toString()),
                "iam", "hub-policy");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("not found");
    }
}

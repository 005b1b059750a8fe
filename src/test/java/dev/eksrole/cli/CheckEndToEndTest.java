package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.AWS_CN;
import static dev.eksrole.testing.aws.FakeAws.AWS_US_GOV;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.AwsWorld.CliRun;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.RecordedCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code eksrole check} end to end: the CLI, the real AWS SDK over HTTP, and the wire-level IAM/STS fake. */
class CheckEndToEndTest {

    private static final String PROD = "111111111111";
    private static final String WORKER = "AmazonEKSWorkerNodePolicy";
    private static final String ECR_READ_ONLY = "AmazonEC2ContainerRegistryReadOnly";
    private static final String ECR_PULL_ONLY = "AmazonEC2ContainerRegistryPullOnly";
    private static final String CNI = "AmazonEKS_CNI_Policy";
    /** The trust as AWS's CloudFormation template for node roles writes it: lists everywhere. */
    private static final String CLOUDFORMATION_TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}""";
    private static final String CFN_ROLE = "eks-node-group-instance-role-NodeInstanceRole-1AB2C3D4E5F6";

    @TempDir
    Path dir;

    private AwsWorld world;
    private FakeAccount prod;

    @BeforeEach
    void start() {
        world = AwsWorld.start(dir);
        prod = world.addTarget(PROD, "prod-eu", AWS);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private void addNodeRole(FakeAccount account, String name, String trust, String... policies) {
        account.addRole(name, "/", trust);
        for (String policy : policies) {
            account.attach(name, policy.startsWith("arn:") ? policy : awsManagedPolicyArn(account.partition(), policy));
        }
    }

    private CliRun checkJson(String account) {
        return world.run("check", account, "--json");
    }

    private static JsonNode onlyRole(JsonNode report) {
        assertThat(report.get("roles")).hasSize(1);
        return report.get("roles").get(0);
    }

    private static List<String> codes(JsonNode findings) {
        List<String> codes = new ArrayList<>();
        findings.forEach(f -> codes.add(f.get("code").asText()));
        return codes;
    }

    @Test
    void healthyCloudFormationNamedRoleIsOkWithExitZero() {
        addNodeRole(prod, CFN_ROLE, CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY);
        prod.addRole("unrelated-lambda-role");

        CliRun run = checkJson("prod-eu");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = run.json();
        assertThat(report.get("account").asText()).isEqualTo(PROD);
        assertThat(report.get("name").asText()).isEqualTo("prod-eu");
        assertThat(report.get("partition").asText()).isEqualTo("aws");
        assertThat(report.get("verdict").asText()).isEqualTo("OK");
        assertThat(report.get("findings")).isEmpty();
        JsonNode role = onlyRole(report);
        assertThat(role.get("name").asText()).isEqualTo(CFN_ROLE);
        assertThat(role.get("arn").asText()).isEqualTo("arn:aws:iam::" + PROD + ":role/" + CFN_ROLE);
        assertThat(role.get("verdict").asText()).isEqualTo("OK");
        assertThat(role.get("findings")).isEmpty();
    }

    @Test
    void jsonHasExactlyTheContractFieldsInOrder() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER);

        JsonNode report = checkJson(PROD).json();

        assertThat(report.fieldNames()).toIterable().containsExactly("account", "name", "partition", "verdict", "findings", "roles", "regions",
                "clusters");
        JsonNode role = onlyRole(report);
        assertThat(role.fieldNames()).toIterable().containsExactly("name", "arn", "verdict", "findings");
        assertThat(role.get("findings").get(0).fieldNames()).toIterable().containsExactly("code", "severity", "detail");
    }

    static Stream<String> trustFormattings() {
        return Stream.of(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
                "{\"Statement\":{\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":[\"ec2.amazonaws.com\"]},\"Effect\":\"Allow\",\"Sid\":\"\"},\"Version\":\"2012-10-17\"}",
                "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ {\n    \"Sid\" : \"EKSNodeAssumeRole\",\n    \"Effect\" : \"Allow\",\n"
                        + "    \"Principal\" : { \"Service\" : \"ec2.amazonaws.com\" },\n    \"Action\" : [ \"STS:AssumeRole\" ]\n  } ]\n}",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:assumerole\",\"Condition\":{}}]}");
    }

    @ParameterizedTest
    @MethodSource("trustFormattings")
    void formattingVariantsOfTheDocumentedTrustAreOk(String trust) {
        addNodeRole(prod, "AmazonEKSNodeRole", trust, WORKER, ECR_READ_ONLY);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.json().get("verdict").asText()).isEqualTo("OK");
    }

    @Test
    void accountWithoutNodeRoleNeedsFix() {
        prod.addRole("lambda-exec", "/service-role/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode report = run.json();
        assertThat(report.get("verdict").asText()).isEqualTo("NEEDS_FIX");
        assertThat(codes(report.get("findings"))).containsExactly("NO_NODE_ROLE");
        assertThat(report.get("findings").get(0).get("severity").asText()).isEqualTo("NEEDS_FIX");
        assertThat(report.get("roles")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {WORKER, ECR_READ_ONLY})
    void eachMissingPolicyIsReportedByName(String missing) {
        String present = missing.equals(WORKER) ? ECR_READ_ONLY : WORKER;
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, present);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode finding = onlyRole(run.json()).get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("MISSING_POLICY");
        assertThat(finding.get("severity").asText()).isEqualTo("NEEDS_FIX");
        assertThat(finding.get("detail").asText()).isEqualTo(missing);
    }

    @Test
    void pullOnlyStandsInForReadOnly() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER, ECR_PULL_ONLY);

        assertThat(checkJson(PROD).exitCode()).isZero();
    }

    @Test
    void bothPoliciesMissingGiveTwoFindings() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST);

        JsonNode role = onlyRole(checkJson(PROD).json());

        assertThat(role.get("findings")).extracting(f -> f.get("detail").asText()).containsExactly(WORKER, ECR_READ_ONLY);
    }

    @Test
    void customerManagedLookAlikeOfARequiredPolicyDoesNotCount() {
        String lookAlike = prod.createCustomerPolicy(ECR_READ_ONLY);
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER, lookAlike);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode finding = onlyRole(run.json()).get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("MISSING_POLICY");
        assertThat(finding.get("detail").asText()).isEqualTo(ECR_READ_ONLY);
    }

    @Test
    void roleWithTheWorkerPolicyCountsWhateverItsName() {
        addNodeRole(prod, "prod-workers", CLOUDFORMATION_TRUST, WORKER);

        JsonNode role = onlyRole(checkJson(PROD).json());

        assertThat(role.get("name").asText()).isEqualTo("prod-workers");
        assertThat(codes(role.get("findings"))).containsExactly("MISSING_POLICY");
    }

    @Test
    void cniOnTheNodeRoleWithoutAnAwsNodeRoleWarnsThatDetachingWouldBreakNetworking() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY, CNI);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode finding = onlyRole(run.json()).get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("CNI_POLICY_ON_NODE_ROLE");
        assertThat(finding.get("severity").asText()).isEqualTo("WARNING");
        assertThat(finding.get("detail").asText()).contains("no role for the aws-node service account");
        assertThat(world.run("check", PROD).out()).contains("detaching would break pod networking");
    }

    @Test
    void cniOnTheNodeRoleWithAnIrsaRoleForAwsNodeSaysDetachingIsSafe() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY, CNI);
        String oidc = "arn:aws:iam::" + PROD + ":oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        prod.addRole("AmazonEKSVPCCNIRole", "/", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%s"},
                 "Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{
                 "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud":"sts.amazonaws.com",
                 "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":"system:serviceaccount:kube-system:aws-node"}}}]}
                """.formatted(oidc));
        prod.attach("AmazonEKSVPCCNIRole", awsManagedPolicyArn(AWS, CNI));

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode finding = onlyRole(run.json()).get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("CNI_POLICY_ON_NODE_ROLE");
        assertThat(finding.get("detail").asText()).contains("AmazonEKSVPCCNIRole");
    }

    static Stream<Arguments> trustsThatKeepEc2Out() {
        return Stream.of(
                Arguments.of("no Allow", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
                Arguments.of("Deny for EC2", CLOUDFORMATION_TRUST.replace("Allow", "Deny")),
                Arguments.of("wrong service", CLOUDFORMATION_TRUST.replace("ec2.amazonaws.com", "eks.amazonaws.com")),
                Arguments.of("China principal in aws", CLOUDFORMATION_TRUST.replace("ec2.amazonaws.com", "ec2.amazonaws.com.cn")),
                Arguments.of("wrong action", CLOUDFORMATION_TRUST.replace("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity")),
                Arguments.of("extra Deny statement", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"},"
                        + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:*\"}]}"),
                Arguments.of("account principal only", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + PROD + ":root\"},\"Action\":\"sts:AssumeRole\"}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trustsThatKeepEc2Out")
    void trustThatKeepsEc2OutNeedsFix(String why, String trust) {
        addNodeRole(prod, "NodeInstanceRole", trust, WORKER, ECR_READ_ONLY);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).as(why).isEqualTo(2);
        JsonNode finding = onlyRole(run.json()).get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("TRUST_DOES_NOT_ALLOW_EC2");
        assertThat(finding.get("severity").asText()).isEqualTo("NEEDS_FIX");
    }

    static Stream<Arguments> trustsThatDiffer() {
        return Stream.of(
                Arguments.of("extra statement", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + PROD + ":root\"},\"Action\":\"sts:AssumeRole\"}]}", "extra statement"),
                Arguments.of("extra principal", CLOUDFORMATION_TRUST.replace("[\"ec2.amazonaws.com\"]",
                        "[\"ec2.amazonaws.com\",\"ssm.amazonaws.com\"]"), "extra principal Service ssm.amazonaws.com"),
                Arguments.of("extra action", CLOUDFORMATION_TRUST.replace("[\"sts:AssumeRole\"]",
                        "[\"sts:AssumeRole\",\"sts:TagSession\"]"), "extra action sts:TagSession"),
                Arguments.of("condition", CLOUDFORMATION_TRUST.replace("\"Action\":[\"sts:AssumeRole\"]",
                        "\"Action\":[\"sts:AssumeRole\"],\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"" + PROD + "\"}}"),
                        "condition StringEquals aws:SourceAccount"),
                Arguments.of("old version", CLOUDFORMATION_TRUST.replace("2012-10-17", "2008-10-17"), "Version 2008-10-17"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trustsThatDiffer")
    void trustThatLetsEc2InButDiffersIsAWarningThatNamesTheDifference(String why, String trust, String detail) {
        addNodeRole(prod, "NodeInstanceRole", trust, WORKER, ECR_READ_ONLY);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).as(why).isEqualTo(1);
        JsonNode finding = onlyRole(run.json()).get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("TRUST_NOT_EXACT");
        assertThat(finding.get("severity").asText()).isEqualTo("WARNING");
        assertThat(finding.get("detail").asText()).contains(detail);
    }

    @Test
    void findsNodeRolesBeyondTheFirstPageWithFewestListRolesCalls() {
        for (int i = 0; i < 2500; i++) {
            prod.addRole("app-role-%04d".formatted(i));
        }
        addNodeRole(prod, "zz-platform-eksNodeRole", CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(onlyRole(run.json()).get("name").asText()).isEqualTo("zz-platform-eksNodeRole");
        List<RecordedCall> listRoles = world.fake().calls("ListRoles");
        assertThat(listRoles).hasSize(3).allSatisfy(c -> assertThat(c.parameter("MaxItems")).isEqualTo("1000"));
    }

    @Test
    void chinaAccountUsesItsPartitionsPrincipalArnsProfileAndRealRegion() {
        FakeAccount china = world.addTarget("333333333333", "china-north", AWS_CN);
        addNodeRole(china, "NodeInstanceRole", FakeAccountTrusts.EC2_CN, WORKER, ECR_READ_ONLY);

        CliRun run = checkJson("china-north");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = run.json();
        assertThat(report.get("partition").asText()).isEqualTo("aws-cn");
        assertThat(onlyRole(report).get("arn").asText()).isEqualTo("arn:aws-cn:iam::333333333333:role/NodeInstanceRole");
        RecordedCall assume = world.fake().calls("AssumeRole").get(0);
        assertThat(world.fake().callerArn(assume.accessKeyId())).contains(AwsWorld.HUB_CN_ACCOUNT);
        assertThat(assume.signingRegion()).isEqualTo("cn-north-1");
        assertThat(world.fake().calls("ListRoles")).allSatisfy(c -> {
            assertThat(c.accountId()).isEqualTo("333333333333");
            // with an endpoint URL configured, the SDK signs for the client's region: a real one of the
            // partition, as AWS's IAM endpoints and emulators expect (not the pseudo region aws-cn-global)
            assertThat(c.signingRegion()).isEqualTo("cn-north-1");
        });
    }

    @Test
    void chinaAccountWithThePlainEc2PrincipalNeedsFix() {
        FakeAccount china = world.addTarget("333333333333", "china-north", AWS_CN);
        addNodeRole(china, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY);

        CliRun run = checkJson("china-north");

        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode finding = onlyRole(run.json()).get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("TRUST_DOES_NOT_ALLOW_EC2");
        assertThat(finding.get("detail").asText()).contains("ec2.amazonaws.com.cn");
    }

    @Test
    void govCloudAccountNeedsItsOwnPolicyArns() {
        world.fake().addUser(world.fake().addAccount("777777777777", AWS_US_GOV).accountId(), "unused");
        FakeAccount gov = world.fake().addAccount("444444444444", AWS_US_GOV);
        gov.addRole(AwsWorld.ACCESS_ROLE, "/", AwsWorld.accessTrust(AWS_US_GOV, "777777777777", AwsWorld.EXTERNAL_ID));
        world.addConfigEntry("{id: \"444444444444\", name: gov, partition: aws-us-gov}");

        CliRun run = checkJson("gov");

        // the hub lives in aws: STS refuses a cross-partition AssumeRole, and the message says which role
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.json().get("findings").get(0).get("detail").asText())
                .contains("arn:aws-us-gov:iam::444444444444:role/EksRoleAccess");
    }

    @Test
    void wrongExternalIdIsAnAssumeRoleFailureThatSaysWhatTrustToSetUp() {
        prod.setTrust(AwsWorld.ACCESS_ROLE, AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT, "another-external-id"));

        CliRun json = checkJson(PROD);
        CliRun human = world.run("check", PROD);

        assertThat(json.exitCode()).isEqualTo(3);
        JsonNode report = json.json();
        assertThat(report.get("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(report.get("roles")).isEmpty();
        JsonNode finding = report.get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("ASSUME_ROLE_FAILED");
        assertThat(finding.get("severity").asText()).isEqualTo("UNKNOWN");
        assertThat(finding.get("detail").asText()).contains("arn:aws:iam::" + PROD + ":role/EksRoleAccess").contains("AccessDenied");
        assertThat(human.exitCode()).isEqualTo(3);
        assertThat(human.out()).contains("next:").contains(world.hubArn()).contains("sts:ExternalId").contains(AwsWorld.EXTERNAL_ID);
        assertThat(world.fake().count("ListRoles")).isZero();
    }

    @Test
    void missingAccessRoleIsAnAssumeRoleFailure() {
        prod.removeRole(AwsWorld.ACCESS_ROLE);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(codes(run.json().get("findings"))).containsExactly("ASSUME_ROLE_FAILED");
    }

    @Test
    void deniedIamReadIsUnknownNotNoNodeRole() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY);
        prod.deny(AwsWorld.ACCESS_ROLE, "iam:ListRoles");

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).isEqualTo(3);
        JsonNode finding = run.json().get("findings").get(0);
        assertThat(finding.get("code").asText()).isEqualTo("IAM_READ_FAILED");
        assertThat(finding.get("detail").asText()).contains("ListRoles").contains("AccessDenied");
    }

    @Test
    void throttledCallsAreRetriedAndTheCheckCompletes() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY);
        world.fake().throttle("ListRoles", 2).throttle("ListAttachedRolePolicies", 1).throttle("AssumeRole", 1);

        CliRun run = checkJson(PROD);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(world.fake().count("ListRoles")).isEqualTo(3);
        assertThat(world.fake().count("ListAttachedRolePolicies")).isEqualTo(2);
        assertThat(world.fake().count("AssumeRole")).isEqualTo(2);
    }

    @Test
    void roleSessionNameAndExternalIdReachSts() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY);

        checkJson(PROD);

        RecordedCall assume = world.fake().calls("AssumeRole").get(0);
        assertThat(assume.parameter("ExternalId")).isEqualTo(AwsWorld.EXTERNAL_ID);
        assertThat(assume.parameter("RoleSessionName")).startsWith("eksrole-cli-");
        assertThat(assume.parameter("RoleArn")).isEqualTo("arn:aws:iam::" + PROD + ":role/EksRoleAccess");
    }

    @Test
    void humanOutputIsATableWithANextStepPerFinding() {
        addNodeRole(prod, "NodeInstanceRole", CLOUDFORMATION_TRUST, WORKER);
        addNodeRole(prod, "AmazonEKSNodeRole", CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY);

        CliRun run = world.run("check", "prod-eu");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out())
                .startsWith("prod-eu (111111111111), aws: NEEDS_FIX")
                .contains("ROLE", "SEVERITY", "FINDING", "DETAIL")
                .contains("MISSING_POLICY")
                .contains("next: Attach arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly to the role.")
                .contains("AmazonEKSNodeRole")
                .contains("all checks pass")
                .contains("Checked 2 node roles");
    }

    @Test
    void scanChecksEveryAccountAndExitsWithTheWorstVerdict() {
        addNodeRole(prod, CFN_ROLE, CLOUDFORMATION_TRUST, WORKER, ECR_READ_ONLY);
        world.addTarget("222222222222", "staging", AWS);
        FakeAccount china = world.addTarget("333333333333", "china-north", AWS_CN);
        addNodeRole(china, "NodeInstanceRole", FakeAccountTrusts.EC2_CN, WORKER, ECR_READ_ONLY, CNI);

        CliRun json = world.run("scan", "--json");
        CliRun human = world.run("scan");

        assertThat(json.exitCode()).as(json.err()).isEqualTo(2);
        JsonNode report = json.json();
        assertThat(report.get("verdict").asText()).isEqualTo("NEEDS_FIX");
        assertThat(report.get("accounts")).extracting(a -> a.get("name").asText() + "=" + a.get("verdict").asText())
                .containsExactly("prod-eu=OK", "staging=NEEDS_FIX", "china-north=WARNING");
        assertThat(report.get("accounts").get(1).get("findings").get(0).get("code").asText()).isEqualTo("NO_NODE_ROLE");
        assertThat(human.exitCode()).isEqualTo(2);
        assertThat(human.out()).contains("staging (222222222222)").contains("NO_NODE_ROLE")
                .contains("Scanned 3 accounts").contains("1 OK, 1 WARNING, 1 NEEDS_FIX, 0 UNKNOWN");
    }

    /** Trust documents for the China partition. */
    private static final class FakeAccountTrusts {
        static final String EC2_CN = CLOUDFORMATION_TRUST.replace("ec2.amazonaws.com", "ec2.amazonaws.com.cn");
    }
}

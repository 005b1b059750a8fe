package dev.eksrole.aws;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanApplier;
import dev.eksrole.noderole.Severity;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FakeCluster;
import dev.eksrole.testing.aws.RecordedCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The IAM policies and the CloudFormation template shipped in {@code config/iam/}: well formed, least
 * privilege, in step with each other, and enough for what eksrole really calls.
 */
class IamTemplatesTest {

    private static final Path DIR = Path.of("config/iam");
    private static final Path CHECK_POLICY = DIR.resolve("access-role-check-policy.json");
    private static final Path FIX_POLICY = DIR.resolve("access-role-fix-policy.json");
    private static final Path TRUST = DIR.resolve("access-role-trust.json");
    private static final Path HUB_POLICY = DIR.resolve("hub-policy.json");
    private static final Path TEMPLATE = DIR.resolve("access-role.cfn.yaml");
    private static final Path HUB_TEMPLATE = DIR.resolve("hub-role.cfn.yaml");
    private static final Path HUB_TRUST_IRSA = DIR.resolve("hub-role-trust-irsa.json");
    private static final Path HUB_TRUST_POD_IDENTITY = DIR.resolve("hub-role-trust-pod-identity.json");
    private static final Path HUB_TRUST_EC2 = DIR.resolve("hub-role-trust-ec2.json");
    private static final List<String> PARTITIONS = List.of("aws", "aws-cn", "aws-us-gov");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROD = "111111111111";

    /** The AWS managed policies a fix may attach or detach, in whichever partition the account is. */
    private static final Set<String> EKS_NODE_POLICIES = Set.of(
            "arn:*:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:*:iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy",
            "arn:*:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:*:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            "arn:*:iam::aws:policy/AmazonEKS_CNI_Policy");

    // ---- the JSON policies ----

    @Test
    void everyShippedPolicyDocumentParses() throws IOException {
        List<Path> documents;
        try (Stream<Path> files = Files.list(DIR)) {
            documents = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }

        assertThat(documents).contains(CHECK_POLICY, FIX_POLICY, TRUST, HUB_POLICY, HUB_TRUST_IRSA, HUB_TRUST_POD_IDENTITY, HUB_TRUST_EC2);
        for (Path document : documents) {
            JsonNode policy = JSON.readTree(document.toFile());
            assertThat(policy.path("Version").asText()).as(document.toString()).isEqualTo("2012-10-17");
            assertThat(statements(policy)).as(document.toString()).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.path("Effect").asText()).isEqualTo("Allow"));
        }
    }

    @Test
    void theFixPolicyAllowsOnlyTheWritesAFixMakes() throws IOException {
        JsonNode fix = JSON.readTree(FIX_POLICY.toFile());

        assertThat(actions(fix)).containsExactlyInAnyOrder("iam:CreateRole", "iam:TagRole", "iam:GetRole",
                "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:CreateInstanceProfile",
                "iam:GetInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:PassRole", "eks:CreateAccessEntry",
                "eks:DescribeAccessEntry", "eks:DeleteAccessEntry");
        assertThat(actions(fix)).noneMatch(a -> a.contains("*") || a.contains("?"))
                .doesNotContain("iam:PutRolePolicy", "iam:DeleteRole", "iam:DeleteInstanceProfile", "eks:AssociateAccessPolicy");
        // AddRoleToInstanceProfile needs PassRole on the role: only node roles may be passed
        for (String partition : PARTITIONS) {
            String roles = "arn:" + partition + ":iam::" + PROD + ":role/";
            assertThat(allows(fix, "iam:PassRole", roles + "NodeInstanceRole", Map.of())).isTrue();
            assertThat(allows(fix, "iam:PassRole", roles + "admin", Map.of())).isFalse();
            assertThat(allows(fix, "iam:PassRole", roles + AwsWorld.ACCESS_ROLE, Map.of())).isFalse();
        }
        assertThat(statements(fix)).allSatisfy(s -> assertThat(s.has("NotAction")).isFalse())
                .allSatisfy(s -> assertThat(s.has("NotResource")).isFalse());
    }

    @Test
    void theFixPolicyAttachesAndDetachesOnlyTheEksAndEcrNodePolicies() throws IOException {
        JsonNode fix = JSON.readTree(FIX_POLICY.toFile());
        List<JsonNode> attaching = statements(fix).stream()
                .filter(s -> strings(s.get("Action")).stream().anyMatch(a -> a.endsWith("AttachRolePolicy") || a.endsWith("DetachRolePolicy")))
                .toList();

        assertThat(attaching).isNotEmpty().allSatisfy(s -> {
            assertThat(s.path("Condition").size()).isEqualTo(1);
            assertThat(s.path("Condition").path("ArnLike").size()).isEqualTo(1);
            List<String> allowed = strings(s.path("Condition").path("ArnLike").get("iam:PolicyARN"));
            assertThat(allowed).containsExactlyInAnyOrderElementsOf(EKS_NODE_POLICIES);
            // the partition is the only wildcard: every other part of each ARN is exact
            assertThat(allowed).allSatisfy(arn -> assertThat(arn.substring("arn:*:".length())).doesNotContain("*", "?"));
        });
        for (String partition : PARTITIONS) {
            String role = "arn:" + partition + ":iam::" + PROD + ":role/NodeInstanceRole";
            String awsManaged = "arn:" + partition + ":iam::aws:policy/";
            assertThat(allows(fix, "iam:AttachRolePolicy", role, Map.of("iam:PolicyARN", awsManaged + "AmazonEC2ContainerRegistryPullOnly")))
                    .as(partition).isTrue();
            assertThat(allows(fix, "iam:AttachRolePolicy", role, Map.of("iam:PolicyARN", awsManaged + "AdministratorAccess"))).isFalse();
            assertThat(allows(fix, "iam:AttachRolePolicy", role, Map.of("iam:PolicyARN",
                    "arn:" + partition + ":iam::" + PROD + ":policy/AmazonEKSWorkerNodePolicy"))).as("a customer-managed look-alike").isFalse();
            assertThat(allows(fix, "iam:DetachRolePolicy", role, Map.of())).isFalse();
        }
    }

    @Test
    void theFixPolicyReachesNodeRolesButNotOtherRoles() throws IOException {
        JsonNode fix = JSON.readTree(FIX_POLICY.toFile());
        List<String> nodeRoles = List.of("NodeInstanceRole", "eks-node-group-instance-role-NodeInstanceRole-1AB2",
                "AmazonEKSNodeRole", "prod-eksNodeRole", "team-EksNodeRole");
        List<String> otherRoles = List.of("admin", AwsWorld.ACCESS_ROLE, "OrganizationAccountAccessRole", "eks-cluster-role",
                "AWSServiceRoleForAmazonEKSNodegroup");

        for (String partition : PARTITIONS) {
            for (String action : roleActions(fix)) {
                Map<String, String> context = Map.of("iam:PolicyARN", "arn:" + partition + ":iam::aws:policy/AmazonEKSWorkerNodePolicy");
                String roles = "arn:" + partition + ":iam::" + PROD + ":role/";
                for (String name : nodeRoles) {
                    assertThat(allows(fix, action, roles + name, context)).as(action + " on " + name + " in " + partition).isTrue();
                }
                assertThat(allows(fix, action, roles + "eks/nodes/NodeInstanceRole", context))
                        .as(action + " on a role with a path").isTrue();
                for (String name : otherRoles) {
                    assertThat(allows(fix, action, roles + name, context)).as(action + " on " + name).isFalse();
                }
            }
        }
        assertThat(statements(fix)).flatExtracting(s -> strings(s.get("Resource")))
                .allMatch(r -> r.startsWith("arn:*:iam::*:role/") || r.startsWith("arn:*:iam::*:instance-profile/*")
                        || r.equals("arn:*:eks:*:*:cluster/*") || r.equals("arn:*:eks:*:*:access-entry/*"),
                        "role, instance profile, cluster and access entry ARNs only");
    }

    @Test
    void theFixPolicyCreatesOnlyInstanceProfilesOfNodeRoleNamesAndOnlyNodeAccessEntries() throws IOException {
        JsonNode fix = JSON.readTree(FIX_POLICY.toFile());
        for (String partition : PARTITIONS) {
            String profiles = "arn:" + partition + ":iam::" + PROD + ":instance-profile/";
            for (String action : List.of("iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile")) {
                assertThat(allows(fix, action, profiles + "NodeInstanceRole", Map.of())).as(action).isTrue();
                assertThat(allows(fix, action, profiles + "admin", Map.of())).as(action).isFalse();
            }
            String cluster = "arn:" + partition + ":eks:eu-west-1:" + PROD + ":cluster/prod";
            for (String type : List.of("EC2_LINUX", "EC2_WINDOWS", "EC2")) {
                assertThat(allows(fix, "eks:CreateAccessEntry", cluster, Map.of("eks:accessEntryType", type))).as(type).isTrue();
            }
            assertThat(allows(fix, "eks:CreateAccessEntry", cluster, Map.of("eks:accessEntryType", "STANDARD"))).isFalse();
            assertThat(allows(fix, "eks:CreateAccessEntry", cluster, Map.of())).as("no type, which EKS makes STANDARD").isFalse();
        }
    }

    /**
     * A role a cluster uses under a name no node-role pattern matches ({@code workers-prod}) is out of the shipped
     * fix policy's reach: widening attach, instance profiles and PassRole to {@code role/*} would let the access
     * role change any role of the account. The README says to add such names to the Resource lists.
     */
    @Test
    void theFixPolicyLeavesRolesNamedOtherwiseToTheOperatorAndTheReadmeSaysHow() throws IOException {
        JsonNode fix = JSON.readTree(FIX_POLICY.toFile());
        for (String partition : PARTITIONS) {
            String role = "arn:" + partition + ":iam::" + PROD + ":role/workers-prod";
            String awsManaged = "arn:" + partition + ":iam::aws:policy/";
            for (String policy : List.of("AmazonEKSWorkerNodePolicy", "AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryReadOnly")) {
                assertThat(allows(fix, "iam:AttachRolePolicy", role, Map.of("iam:PolicyARN", awsManaged + policy))).as(policy).isFalse();
            }
            assertThat(allows(fix, "iam:CreateRole", role, Map.of())).isFalse();
            assertThat(allows(fix, "iam:PassRole", role, Map.of())).isFalse();
            String profile = "arn:" + partition + ":iam::" + PROD + ":instance-profile/workers-prod";
            assertThat(allows(fix, "iam:CreateInstanceProfile", profile, Map.of())).isFalse();
            assertThat(allows(fix, "iam:AddRoleToInstanceProfile", profile, Map.of())).isFalse();
        }
        assertThat(Files.readString(Path.of("README.md"))).contains("A role a cluster uses whatever its name (a node group's `workers-prod`) is therefore out of reach");
    }

    /** The fix policy's actions on roles (the instance profile and EKS ones have resources of their own). */
    private static List<String> roleActions(JsonNode fix) {
        return statements(fix).stream()
                .filter(s -> strings(s.get("Resource")).stream().allMatch(r -> r.startsWith("arn:*:iam::*:role/")))
                .flatMap(s -> strings(s.get("Action")).stream())
                .toList();
    }

    @Test
    void theFixPolicyCoversTheRoleNameTheFixCreates() throws IOException {
        JsonNode fix = JSON.readTree(FIX_POLICY.toFile());
        FixPlan create = new FixPlanner(new FixPlanner.Settings("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY, Map.of()))
                .offers(AccountReport.of(new Account(PROD, "prod", Partition.AWS,
                        "arn:aws:iam::" + PROD + ":role/EksRoleAccess", "x", null),
                        new Finding.NoNodeRole(List.of("eksNodeRole", "NodeInstanceRole"))))
                .get(0);

        assertThat(allows(fix, "iam:CreateRole", "arn:aws:iam::" + PROD + ":role/" + create.steps().get(0).roleName(), Map.of()))
                .isTrue();
    }

    @Test
    void theCheckPolicyOnlyReads() throws IOException {
        JsonNode check = JSON.readTree(CHECK_POLICY.toFile());

        assertThat(actions(check)).isNotEmpty()
                .allMatch(a -> a.matches("iam:(List|Get)[A-Za-z]+|eks:(List|Describe)[A-Za-z]+"),
                        "iam:List*, iam:Get*, eks:List* or eks:Describe*, no wildcard");
    }

    @Test
    void theGenericHubPolicyAssumesTheAccessRoleAtAnyPathInAnyPartitionAndNothingElse() throws IOException {
        JsonNode hub = JSON.readTree(HUB_POLICY.toFile());

        assertThat(actions(hub)).containsExactly("sts:AssumeRole");
        assertThat(statements(hub)).flatExtracting(s -> strings(s.get("Resource")))
                .containsExactly("arn:*:iam::*:role/" + AwsWorld.ACCESS_ROLE, "arn:*:iam::*:role/*/" + AwsWorld.ACCESS_ROLE);
        for (String partition : PARTITIONS) {
            String roles = "arn:" + partition + ":iam::" + PROD + ":role/";
            assertThat(allows(hub, "sts:AssumeRole", roles + AwsWorld.ACCESS_ROLE, Map.of())).as(partition).isTrue();
            assertThat(allows(hub, "sts:AssumeRole", roles + "platform/" + AwsWorld.ACCESS_ROLE, Map.of())).as("with a path").isTrue();
            assertThat(allows(hub, "sts:AssumeRole", roles + "OrganizationAccountAccessRole", Map.of())).isFalse();
            assertThat(allows(hub, "sts:AssumeRole", roles + "Not" + AwsWorld.ACCESS_ROLE, Map.of())).isFalse();
        }
    }

    // ---- the CloudFormation template ----

    @Test
    void theTemplateParsesAndTakesTheDocumentedParameters() throws IOException {
        JsonNode template = template();

        assertThat(template.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        assertThat(fieldNames(template.path("Parameters")))
                .containsExactlyInAnyOrder("HubPrincipalArn", "ExternalId", "RoleName", "AllowFixes");
        JsonNode parameters = template.path("Parameters");
        assertThat(parameters.path("HubPrincipalArn").has("Default")).isFalse();
        assertThat(parameters.path("ExternalId").has("Default")).isFalse();
        assertThat(parameters.path("ExternalId").path("NoEcho").asBoolean()).isTrue();
        assertThat(parameters.path("RoleName").path("Default").asText()).isEqualTo(AwsWorld.ACCESS_ROLE);
        assertThat(parameters.path("AllowFixes").path("Default").asText()).isEqualTo("true");
        assertThat(strings(parameters.path("AllowFixes").path("AllowedValues"))).containsExactlyInAnyOrder("true", "false");
        assertThat(template.path("Conditions").path("FixesAllowed"))
                .isEqualTo(JSON.readTree("{\"Fn::Equals\": [{\"Ref\": \"AllowFixes\"}, \"true\"]}"));
    }

    @Test
    void theTemplatesParameterPatternsAcceptRealValues() throws IOException {
        JsonNode parameters = template().path("Parameters");
        Pattern hub = Pattern.compile(parameters.path("HubPrincipalArn").path("AllowedPattern").asText());
        Pattern externalId = Pattern.compile(parameters.path("ExternalId").path("AllowedPattern").asText());
        Pattern roleName = Pattern.compile(parameters.path("RoleName").path("AllowedPattern").asText());

        assertThat(hub.matcher("arn:aws:iam::999999999999:role/eksrole-hub").matches()).isTrue();
        assertThat(hub.matcher("arn:aws-cn:iam::888888888888:user/eksrole-hub-cn").matches()).isTrue();
        assertThat(hub.matcher("arn:aws-us-gov:iam::777777777777:role/platform/eksrole-hub").matches()).isTrue();
        assertThat(hub.matcher("arn:aws:sts::999999999999:assumed-role/eksrole-hub/i-0abc").matches()).isFalse();
        assertThat(hub.matcher("*").matches()).isFalse();
        assertThat(externalId.matcher(AwsWorld.EXTERNAL_ID).matches()).isTrue();
        assertThat(externalId.matcher("a b").matches()).isFalse();
        assertThat(roleName.matcher(AwsWorld.ACCESS_ROLE).matches()).isTrue();
        assertThat(roleName.matcher("x".repeat(65)).matches()).isFalse();
    }

    @Test
    void theTemplateHardCodesNoAccountOrPartition() throws IOException {
        String text = Files.readString(TEMPLATE);

        assertThat(Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])").matcher(text).find()).as("an account id").isFalse();
        assertThat(text).doesNotContain("arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:");
        assertThat(template().path("Resources").path("AccessRole").path("Properties").path("RoleName"))
                .isEqualTo(JSON.readTree("{\"Ref\": \"RoleName\"}"));
    }

    @Test
    void theTemplatesRoleTrustsTheHubWithTheExternalIdLikeTheShippedTrust() throws IOException {
        JsonNode role = template().path("Resources").path("AccessRole");
        ObjectNode expected = (ObjectNode) JSON.readTree(TRUST.toFile());
        ObjectNode statement = (ObjectNode) statements(expected).get(0);
        ((ObjectNode) statement.get("Principal")).set("AWS", JSON.readTree("{\"Ref\": \"HubPrincipalArn\"}"));
        ((ObjectNode) statement.get("Condition").get("StringEquals")).set("sts:ExternalId", JSON.readTree("{\"Ref\": \"ExternalId\"}"));

        assertThat(role.path("Type").asText()).isEqualTo("AWS::IAM::Role");
        assertThat(role.path("Properties").path("AssumeRolePolicyDocument")).isEqualTo(expected);
    }

    @Test
    void theTemplatesCheckPolicyIsTheShippedOneAndAlwaysThere() throws IOException {
        JsonNode policies = template().path("Resources").path("AccessRole").path("Properties").path("Policies");
        JsonNode check = policies.get(0);

        assertThat(check.has("Fn::If")).as("unconditional").isFalse();
        for (String partition : List.of("aws", "aws-cn", "aws-us-gov")) {
            assertThat(resolve(check.path("PolicyDocument"), partition))
                    .isEqualTo(inPartition(JSON.readTree(CHECK_POLICY.toFile()), partition));
        }
    }

    @Test
    void theTemplatesFixPolicyIsTheShippedOneAndOnlyWhenFixesAreAllowed() throws IOException {
        JsonNode policies = template().path("Resources").path("AccessRole").path("Properties").path("Policies");
        assertThat(policies.size()).isEqualTo(2);
        JsonNode conditional = policies.get(1).path("Fn::If");

        assertThat(conditional.size()).isEqualTo(3);
        assertThat(conditional.get(0).asText()).isEqualTo("FixesAllowed");
        assertThat(conditional.get(2)).isEqualTo(JSON.readTree("{\"Ref\": \"AWS::NoValue\"}"));
        for (String partition : List.of("aws", "aws-cn", "aws-us-gov")) {
            assertThat(resolve(conditional.get(1).path("PolicyDocument"), partition))
                    .isEqualTo(inPartition(JSON.readTree(FIX_POLICY.toFile()), partition));
        }
        assertThat(fieldNames(policies.get(0))).containsExactlyInAnyOrder("PolicyName", "PolicyDocument");
        assertThat(policies.get(0).path("PolicyName").asText()).isNotEqualTo(conditional.get(1).path("PolicyName").asText());
    }

    @Test
    void theTemplateOutputsTheRoleArn() throws IOException {
        assertThat(template().path("Outputs").path("RoleArn").path("Value"))
                .isEqualTo(JSON.readTree("{\"Fn::GetAtt\": [\"AccessRole\", \"Arn\"]}"));
    }

    // ---- what eksrole really calls ----

    @Test
    void everyIamCallOfACheckAndOfAppliedFixesIsAllowedByTheShippedPolicies(@TempDir Path dir) throws Exception {
        List<RecordedCall> iamCalls;
        try (AwsWorld world = AwsWorld.start(dir)) {
            FakeAccount prod = world.addTarget(PROD, "prod-eu", AWS);
            world.config("regions: [eu-west-1]");
            Injector injector = Guice.createInjector(Stage.PRODUCTION,
                    new ConfigModule(new ConfigLoader().load(world.writeConfig())), new AwsModule(), new NodeRoleModule());
            try {
                Account account = injector.getInstance(AccountDirectory.class).all().get(0);
                NodeRoleChecker checker = injector.getInstance(NodeRoleChecker.class);
                AccountAccess access = injector.getInstance(AccountAccess.class);
                FixPlanner planner = new FixPlanner(new FixPlanner.Settings("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY,
                        Map.of("team", "platform")));

                FixPlan create = only(planner.offers(checker.check(account, "U123")), FixKind.CREATE_ROLE);
                assertThat(apply(access, account, create).complete()).isTrue();
                assertThat(apply(access, account, create).complete()).as("again").isTrue();

                String cni = prod.awsManagedPolicyArn("AmazonEKS_CNI_Policy");
                prod.addRole("legacy-NodeInstanceRole", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
                prod.attach("legacy-NodeInstanceRole", prod.awsManagedPolicyArn("AmazonEKSWorkerNodePolicy"))
                        .attach("legacy-NodeInstanceRole", prod.awsManagedPolicyArn("AmazonEC2ContainerRegistryReadOnly"))
                        .attach("legacy-NodeInstanceRole", cni);
                prod.addInstanceProfile("legacy-NodeInstanceRole", "/", "legacy-NodeInstanceRole");
                prod.addRole("eks-pod-identity-aws-node", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"pods.eks.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}");
                prod.attach("eks-pod-identity-aws-node", cni);

                List<FixPlan> offers = planner.offers(checker.check(account, "U123"));
                assertThat(apply(access, account, only(offers, FixKind.REPLACE_TRUST)).complete()).isTrue();
                assertThat(apply(access, account, only(offers, FixKind.DETACH_CNI_POLICY)).complete()).isTrue();
                assertThat(checker.check(account, "U123").verdict()).isEqualTo(Severity.OK);

                // the cluster fixes: an access entry created, one of the wrong type replaced, an instance profile made
                String clusterRole = "arn:aws:iam::" + PROD + ":role/eks-cluster-role";
                prod.addCluster("eu-west-1", "blue", clusterRole, "API")
                        .addNodegroup("general", prod.roleArn("NodeInstanceRole"), "AL2023_x86_64_STANDARD");
                FakeCluster green = prod.addCluster("eu-west-1", "green", clusterRole, "API");
                green.addNodegroup("general", prod.roleArn("legacy-NodeInstanceRole"), "AL2023_x86_64_STANDARD");
                green.addAccessEntry(prod.roleArn("legacy-NodeInstanceRole"), "STANDARD", "legacy", "ops");
                prod.addRole("self-managed-eksNodeRole", "/", prod.ec2TrustPolicy());
                prod.attach("self-managed-eksNodeRole", prod.awsManagedPolicyArn("AmazonEKSWorkerNodePolicy"))
                        .attach("self-managed-eksNodeRole", prod.awsManagedPolicyArn("AmazonEC2ContainerRegistryReadOnly"));
                List<FixPlan> clusterOffers = planner.offers(checker.check(account, "U123"));
                assertThat(apply(access, account, only(clusterOffers, FixKind.CREATE_ACCESS_ENTRY)).complete()).isTrue();
                assertThat(apply(access, account, only(clusterOffers, FixKind.REPLACE_ACCESS_ENTRY)).complete()).isTrue();
                assertThat(apply(access, account, only(clusterOffers, FixKind.CREATE_INSTANCE_PROFILE)).complete()).isTrue();
                assertThat(checker.check(account, "U123").verdict()).isEqualTo(Severity.OK);
            } finally {
                injector.getInstance(AccountSessionCache.class).close();
                injector.getInstance(SdkHttpClient.class).close();
            }
            iamCalls = world.fake().calls().stream().filter(c -> c.service().equals("iam") || c.service().equals("eks")).toList();
        }

        JsonNode fix = JSON.readTree(FIX_POLICY.toFile());
        JsonNode check = JSON.readTree(CHECK_POLICY.toFile());
        Set<String> made = new TreeSet<>();
        iamCalls.forEach(c -> made.add(c.service() + ":" + c.action()));
        Set<String> allowed = new TreeSet<>(actions(fix));
        allowed.addAll(actions(check));

        assertThat(made).contains("iam:CreateRole", "iam:GetRole", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
                "iam:DetachRolePolicy", "iam:ListRoles", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile",
                "iam:ListInstanceProfilesForRole", "eks:ListClusters", "eks:DescribeNodegroup", "eks:CreateAccessEntry",
                "eks:DeleteAccessEntry").isSubsetOf(allowed);
        for (RecordedCall call : iamCalls) {
            String action = call.service() + ":" + call.action();
            Map<String, String> context = new java.util.HashMap<>();
            if (call.parameter("PolicyArn") != null) {
                context.put("iam:PolicyARN", call.parameter("PolicyArn"));
            }
            if (call.parameter("type") != null) {
                context.put("eks:accessEntryType", call.parameter("type"));
            }
            List<String> resources = new ArrayList<>();
            if (call.service().equals("eks")) {
                String cluster = "arn:aws:eks:" + call.signingRegion() + ":" + PROD + ":cluster/" + call.parameter("clusterName");
                resources.add(call.action().equals("CreateAccessEntry") ? cluster
                        : "arn:aws:eks:" + call.signingRegion() + ":" + PROD + ":access-entry/" + call.parameter("clusterName") + "/role/x");
            } else if (call.parameter("InstanceProfileName") != null) {
                resources.add("arn:aws:iam::" + PROD + ":instance-profile/" + call.parameter("InstanceProfileName"));
                if (call.action().equals("AddRoleToInstanceProfile")) {
                    // IAM asks for PassRole on the role put in the profile
                    String role = "arn:aws:iam::" + PROD + ":role/" + call.parameter("RoleName");
                    assertThat(allows(fix, "iam:PassRole", role, Map.of())).as("iam:PassRole on " + role).isTrue();
                }
            } else {
                resources.add(call.parameter("RoleName") == null ? "*" : "arn:aws:iam::" + PROD + ":role/" + call.parameter("RoleName"));
            }
            for (String resource : resources) {
                boolean permitted = allows(fix, action, resource, context) || allows(check, action, "*", context);
                assertThat(permitted).as(action + " on " + resource + " " + context).isTrue();
            }
        }
    }

    // ---- policy helpers ----

    private static ApplyResult apply(AccountAccess access, Account account, FixPlan plan) throws Exception {
        try (AccountWriter writer = access.openWriter(account, "U123")) {
            return new PlanApplier().apply(plan.steps(), writer, r -> {});
        }
    }

    private static FixPlan only(List<FixPlan> plans, FixKind kind) {
        return plans.stream().filter(p -> p.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " plan among " + plans));
    }

    private static List<JsonNode> statements(JsonNode policy) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode statement = policy.path("Statement");
        if (statement.isArray()) {
            statement.forEach(out::add);
        } else if (statement.isObject()) {
            out.add(statement);
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static Set<String> actions(JsonNode policy) {
        Set<String> out = new TreeSet<>();
        statements(policy).forEach(s -> out.addAll(strings(s.get("Action"))));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Whether an Allow statement grants the action on the resource, as IAM decides it for the
     * statements these policies use: actions match case-insensitively, resource ARNs case-sensitively,
     * {@code *} and {@code ?} as wildcards; each condition key must be in the request's context.
     */
    private static boolean allows(JsonNode policy, String action, String resource, Map<String, String> context) {
        for (JsonNode statement : statements(policy)) {
            if (!statement.path("Effect").asText().equals("Allow")) {
                continue;
            }
            boolean actionMatches = strings(statement.get("Action")).stream()
                    .anyMatch(p -> glob(p.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)));
            boolean resourceMatches = strings(statement.get("Resource")).stream()
                    .anyMatch(p -> p.equals("*") || arnLike(p, resource));
            if (actionMatches && resourceMatches && conditionsHold(statement.path("Condition"), context)) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                String value = context.get(key.getKey());
                if (value == null) {
                    return false;
                }
                List<String> wanted = strings(key.getValue());
                boolean holds = switch (op.getKey()) {
                    case "ArnEquals", "StringEquals" -> wanted.contains(value);
                    case "StringLike" -> wanted.stream().anyMatch(w -> glob(w, value));
                    case "ArnLike" -> wanted.stream().anyMatch(w -> arnLike(w, value));
                    default -> {
                        fail("the test does not know the condition operator " + op.getKey());
                        yield false;
                    }
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    /** IAM's ARN match: each of the six colon-separated parts on its own, wildcards within a part. */
    private static boolean arnLike(String pattern, String arn) {
        String[] wanted = pattern.split(":", 6);
        String[] actual = arn.split(":", 6);
        if (wanted.length != 6 || actual.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!glob(wanted[i], actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean glob(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(regex.toString(), value);
    }

    /** The policy as it would read in another partition. */
    private static JsonNode inPartition(JsonNode policy, String partition) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(policy).replace("arn:aws:", "arn:" + partition + ":"));
    }

    // ---- CloudFormation helpers ----

    private static JsonNode template() throws IOException {
        return CloudFormationTemplate.read(TEMPLATE);
    }

    /** Resolves {@code Fn::Sub} strings that use only {@code ${AWS::Partition}}, as CloudFormation would there. */
    private static JsonNode resolve(JsonNode node, String partition) {
        if (node.isObject() && node.size() == 1 && node.has("Fn::Sub")) {
            assertThat(node.get("Fn::Sub").isTextual()).isTrue();
            String resolved = node.get("Fn::Sub").asText().replace("${AWS::Partition}", partition);
            Matcher other = Pattern.compile("\\$\\{[^}]*}").matcher(resolved);
            assertThat(other.find()).as("only ${AWS::Partition} in " + node).isFalse();
            return JsonNodeFactory.instance.textNode(resolved);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolve(e.getValue(), partition)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> copy.add(resolve(n, partition)));
            return copy;
        }
        return node;
    }
}

package dev.eksrole.aws;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.AWS_CN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.AccountWriter.Outcome;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.noderole.FindingCode;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.noderole.IamWriteException;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanApplier;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.Severity;
import dev.eksrole.noderole.StepResult;
import dev.eksrole.noderole.TrustPolicy;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FakeRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;

/** The IAM writes of a fix, through the real SDK against the wire-level fake. */
class IamAccountWriterTest {

    private static final String PROD = "111111111111";
    private static final String CHINA = "222222222222";
    private static final String NAME = "NodeInstanceRole";
    private static final Map<String, String> TAGS = Map.of("team", "platform", "cost-centre", "1234");

    private static final String WORKER = ManagedPolicy.WORKER_NODE.arn(Partition.AWS);
    private static final String ECR = ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS);
    private static final String CNI = ManagedPolicy.CNI.arn(Partition.AWS);
    private static final String EKS_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private AwsWorld world;
    private FakeAccount prod;
    private FakeAccount china;
    private Injector injector;
    private final List<AccountWriter> writers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        world = AwsWorld.start(dir);
        prod = world.addTarget(PROD, "prod-eu", AWS);
        china = world.addTarget(CHINA, "prod-cn", AWS_CN);
        EksroleConfig config = new ConfigLoader().load(world.writeConfig());
        injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config), new AwsModule(), new NodeRoleModule());
    }

    @AfterEach
    void stop() {
        writers.forEach(AccountWriter::close);
        injector.getInstance(AccountSessionCache.class).close();
        injector.getInstance(SdkHttpClient.class).close();
        world.close();
    }

    // ---- CreateRole ----

    @Test
    void createRoleMakesTheRoleWithPathDescriptionTrustAndTags() throws Exception {
        Outcome outcome = writer(PROD).apply(create(Partition.AWS));

        assertThat(outcome).isEqualTo(Outcome.DONE);
        FakeRole role = prod.role(NAME);
        assertThat(role).isNotNull();
        assertThat(role.path()).isEqualTo("/");
        assertThat(role.arn()).isEqualTo("arn:aws:iam::111111111111:role/NodeInstanceRole");
        assertThat(role.description()).isEqualTo("Amazon EKS - Node Group Role");
        assertThat(JSON.readTree(role.trustJson())).isEqualTo(JSON.readTree(TrustPolicy.documentedJson(Partition.AWS)));
        assertThat(role.tags()).isEqualTo(TAGS);
        assertThat(role.attachedPolicyArns()).isEmpty();
    }

    @Test
    void writesAreMadeAsTheAccessRoleInTheRequestersSession() {
        writer(PROD).apply(create(Partition.AWS));

        assertThat(world.fake().calls("AssumeRole")).singleElement().satisfies(call -> {
            assertThat(call.parameter("RoleArn")).isEqualTo("arn:aws:iam::111111111111:role/EksRoleAccess");
            assertThat(call.parameter("RoleSessionName")).isEqualTo("eksrole-U123");
            assertThat(call.parameter("ExternalId")).isEqualTo(AwsWorld.EXTERNAL_ID);
        });
        assertThat(world.fake().calls("CreateRole")).singleElement()
                .satisfies(call -> assertThat(call.accountId()).isEqualTo(PROD));
    }

    @Test
    void creatingTheRoleAgainWhenAnIdenticalOneExistsIsAlreadyDone() {
        AccountWriter writer = writer(PROD);
        writer.apply(create(Partition.AWS));
        FakeRole before = prod.role(NAME);

        Outcome again = writer.apply(create(Partition.AWS));

        assertThat(again).isEqualTo(Outcome.ALREADY_DONE);
        assertThat(prod.role(NAME)).isEqualTo(before);
    }

    @Test
    void aRoleOfThatNameWithTheDocumentedTrustInAnyFormattingCountsAsDone() {
        prod.addRole(NAME, "/", """
                {
                  "Version" : "2012-10-17",
                  "Statement" : { "Sid": "Nodes", "Action" : ["sts:AssumeRole"], "Principal" : { "Service" : ["ec2.amazonaws.com"] }, "Effect" : "Allow" }
                }
                """);

        assertThat(writer(PROD).apply(create(Partition.AWS))).isEqualTo(Outcome.ALREADY_DONE);
    }

    @Test
    void aRoleOfThatNameWithAnotherTrustIsLeftAsItIs() {
        prod.addRole(NAME, "/", EKS_TRUST, "someone else's role");
        prod.attach(NAME, prod.awsManagedPolicyArn("ReadOnlyAccess"));
        FakeRole before = prod.role(NAME);
        world.fake().clearCalls();

        assertThatThrownBy(() -> writer(PROD).apply(create(Partition.AWS)))
                .isInstanceOfSatisfying(IamWriteException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("EntityAlreadyExists");
                    assertThat(e.getMessage()).contains(NAME, "another trust");
                });
        assertThat(prod.role(NAME)).isEqualTo(before);
        assertThat(world.fake().calls()).extracting(c -> c.action())
                .doesNotContain("UpdateAssumeRolePolicy", "TagRole", "AttachRolePolicy", "DetachRolePolicy");
    }

    @Test
    void aDeniedCreateRoleFailsWithAccessDeniedAndCreatesNothing() {
        prod.deny(AwsWorld.ACCESS_ROLE, "iam:CreateRole");

        assertThatThrownBy(() -> writer(PROD).apply(create(Partition.AWS)))
                .isInstanceOfSatisfying(IamWriteException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.getMessage()).contains("iam:CreateRole");
                });
        assertThat(prod.role(NAME)).isNull();
    }

    // ---- AttachRolePolicy ----

    @Test
    void attachRightAfterCreateRidesOutEventualConsistency() {
        world.fake().eventualConsistency(Duration.ofSeconds(2));
        AccountWriter writer = writer(PROD);
        writer.apply(create(Partition.AWS));

        Outcome outcome = writer.apply(new PlanStep.AttachPolicy(NAME, WORKER));

        assertThat(outcome).isEqualTo(Outcome.DONE);
        assertThat(world.fake().count("AttachRolePolicy")).isGreaterThan(1);
        assertThat(world.fake().calls("AttachRolePolicy")).last().satisfies(c -> assertThat(c.succeeded()).isTrue());
        assertThat(world.fake().calls("AttachRolePolicy")).filteredOn(c -> !c.succeeded())
                .extracting(c -> c.errorCode()).containsOnly("NoSuchEntity");
        assertThat(prod.role(NAME).attachedPolicyArns()).containsExactly(WORKER);
    }

    @Test
    void attachingAnAttachedPolicySucceedsAndChangesNothing() {
        prod.addRole(NAME);
        prod.attach(NAME, WORKER);
        FakeRole before = prod.role(NAME);

        Outcome outcome = writer(PROD).apply(new PlanStep.AttachPolicy(NAME, WORKER));

        assertThat(outcome).isIn(Outcome.DONE, Outcome.ALREADY_DONE);
        assertThat(prod.role(NAME)).isEqualTo(before);
        assertThat(prod.role(NAME).attachedPolicyArns()).containsExactly(WORKER);
    }

    @Test
    void writesRideOutThrottling() {
        prod.addRole(NAME);
        world.fake().throttle("AttachRolePolicy", 2);

        Outcome outcome = writer(PROD).apply(new PlanStep.AttachPolicy(NAME, ECR));

        assertThat(outcome).isEqualTo(Outcome.DONE);
        assertThat(world.fake().calls("AttachRolePolicy")).extracting(c -> c.errorCode())
                .containsExactly("Throttling", "Throttling", null);
        assertThat(prod.role(NAME).attachedPolicyArns()).containsExactly(ECR);
    }

    @Test
    void aDeniedAttachFailsWithAccessDenied() {
        prod.addRole(NAME);
        prod.deny(AwsWorld.ACCESS_ROLE, "iam:AttachRolePolicy");

        assertThatThrownBy(() -> writer(PROD).apply(new PlanStep.AttachPolicy(NAME, WORKER)))
                .isInstanceOfSatisfying(IamWriteException.class, e -> assertThat(e.errorCode()).isEqualTo("AccessDenied"));
        assertThat(prod.role(NAME).attachedPolicyArns()).isEmpty();
    }

    @Test
    void attachingToAMissingRoleItDidNotCreateFailsAtOnce() {
        IamAccountWriter writer = new IamAccountWriter(
                injector.getInstance(AccountSessionCache.class).lease(account(PROD), "U123"), Duration.ofSeconds(30));
        writers.add(writer);

        assertThatThrownBy(() -> writer.apply(new PlanStep.AttachPolicy("no-such-NodeInstanceRole", WORKER)))
                .isInstanceOfSatisfying(IamWriteException.class, e -> assertThat(e.errorCode()).isEqualTo("NoSuchEntity"));
        assertThat(world.fake().count("AttachRolePolicy")).isEqualTo(1);
    }

    @Test
    void aRoleItCreatedThatNeverAppearsFailsWithNoSuchEntityOnceTheBudgetIsSpent() {
        IamAccountWriter writer = new IamAccountWriter(
                injector.getInstance(AccountSessionCache.class).lease(account(PROD), "U123"), Duration.ofMillis(600));
        writers.add(writer);
        world.fake().eventualConsistency(Duration.ofHours(1));
        writer.apply(new PlanStep.CreateRole("slow-NodeInstanceRole", "Amazon EKS - Node Group Role",
                dev.eksrole.noderole.TrustPolicy.documentedJson(dev.eksrole.noderole.Partition.AWS), java.util.Map.of()));

        assertThatThrownBy(() -> writer.apply(new PlanStep.AttachPolicy("slow-NodeInstanceRole", WORKER)))
                .isInstanceOfSatisfying(IamWriteException.class, e -> assertThat(e.errorCode()).isEqualTo("NoSuchEntity"));
        assertThat(world.fake().count("AttachRolePolicy")).isGreaterThan(1);
    }

    // ---- DetachRolePolicy ----

    @Test
    void detachRemovesTheAttachedPolicy() {
        prod.addRole(NAME);
        prod.attach(NAME, WORKER).attach(NAME, CNI);

        assertThat(writer(PROD).apply(new PlanStep.DetachPolicy(NAME, CNI))).isEqualTo(Outcome.DONE);

        assertThat(prod.role(NAME).attachedPolicyArns()).containsExactly(WORKER);
    }

    @Test
    void detachingAPolicyThatIsNotAttachedIsAlreadyDone() {
        prod.addRole(NAME);
        prod.attach(NAME, WORKER);
        FakeRole before = prod.role(NAME);

        assertThat(writer(PROD).apply(new PlanStep.DetachPolicy(NAME, CNI))).isEqualTo(Outcome.ALREADY_DONE);

        assertThat(prod.role(NAME)).isEqualTo(before);
    }

    // ---- UpdateAssumeRolePolicy ----

    @Test
    void replaceTrustReplacesTheTrustWithTheDocumentedOne() throws Exception {
        prod.addRole(NAME, "/", EKS_TRUST);

        Outcome outcome = writer(PROD).apply(
                new PlanStep.ReplaceTrust(NAME, TrustPolicy.documentedJson(Partition.AWS), EKS_TRUST));

        assertThat(outcome).isEqualTo(Outcome.DONE);
        assertThat(JSON.readTree(prod.role(NAME).trustJson())).isEqualTo(JSON.readTree(TrustPolicy.documentedJson(Partition.AWS)));
        assertThat(world.fake().calls("UpdateAssumeRolePolicy")).singleElement()
                .satisfies(c -> assertThat(c.parameter("RoleName")).isEqualTo(NAME));
    }

    // ---- whole plans ----

    @Test
    void aCreatePlanLeavesExactlyThePlannedRoleInTheAccount() throws Exception {
        FixPlan plan = createPlan(PROD);
        PlanStep.CreateRole create = (PlanStep.CreateRole) plan.steps().get(0);
        List<StepResult> heard = new ArrayList<>();

        ApplyResult result = new PlanApplier().apply(plan.steps(), writer(PROD), heard::add);

        assertThat(result.complete()).isTrue();
        assertThat(result.steps()).extracting(StepResult::status).containsOnly(StepResult.Status.DONE);
        assertThat(heard).isEqualTo(result.steps());
        FakeRole role = prod.role(NAME);
        assertThat(role.name()).isEqualTo(create.roleName());
        assertThat(role.path()).isEqualTo("/");
        assertThat(role.description()).isEqualTo(create.description());
        assertThat(JSON.readTree(role.trustJson())).isEqualTo(JSON.readTree(create.trustJson()));
        assertThat(role.tags()).isEqualTo(create.tags()).isEqualTo(TAGS);
        assertThat(role.attachedPolicyArns()).containsExactly(
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
        assertThat(prod.roles()).extracting(FakeRole::name).containsExactlyInAnyOrder(AwsWorld.ACCESS_ROLE, NAME);
        assertThat(check(PROD).verdict()).isEqualTo(Severity.OK);
    }

    @Test
    void applyingTheSameCreatePlanTwiceChangesNothingTheSecondTime() {
        FixPlan plan = createPlan(PROD);
        assertThat(new PlanApplier().apply(plan.steps(), writer(PROD), r -> {}).complete()).isTrue();
        FakeRole afterFirst = prod.role(NAME);

        ApplyResult second = new PlanApplier().apply(plan.steps(), writer(PROD), r -> {});

        assertThat(second.complete()).isTrue();
        assertThat(second.steps()).extracting(StepResult::status)
                .allMatch(s -> s == StepResult.Status.ALREADY_DONE || s == StepResult.Status.DONE);
        assertThat(second.steps().get(0).status()).isEqualTo(StepResult.Status.ALREADY_DONE);
        assertThat(prod.role(NAME)).isEqualTo(afterFirst);
        assertThat(prod.roles()).hasSize(2);
    }

    @Test
    void aCreatePlanInAwsCnUsesChinasTrustAndPolicies() throws Exception {
        FixPlan plan = createPlan(CHINA);

        ApplyResult result = new PlanApplier().apply(plan.steps(), writer(CHINA), r -> {});

        assertThat(result.complete()).isTrue();
        FakeRole role = china.role(NAME);
        assertThat(role.arn()).isEqualTo("arn:aws-cn:iam::222222222222:role/NodeInstanceRole");
        assertThat(JSON.readTree(role.trustJson()).at("/Statement/0/Principal/Service").asText()).isEqualTo("ec2.amazonaws.com.cn");
        assertThat(role.attachedPolicyArns()).containsExactly(
                "arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
        assertThat(check(CHINA).verdict()).isEqualTo(Severity.OK);
        assertThat(prod.role(NAME)).isNull();
    }

    @Test
    void aCreatePlanCompletesWhileIamIsEventuallyConsistent() {
        world.fake().eventualConsistency(Duration.ofMillis(500));
        FixPlan plan = createPlan(PROD);

        ApplyResult result = new PlanApplier().apply(plan.steps(), writer(PROD), r -> {});

        assertThat(result.complete()).isTrue();
        assertThat(prod.role(NAME).attachedPolicyArns()).hasSize(2);
    }

    @Test
    void aCreatePlanStoppedByADeniedAttachSaysWhatItDidAndResumesWhenAllowed() {
        FixPlan plan = createPlan(PROD);
        prod.deny(AwsWorld.ACCESS_ROLE, "iam:AttachRolePolicy");

        ApplyResult first = new PlanApplier().apply(plan.steps(), writer(PROD), r -> {});

        assertThat(first.complete()).isFalse();
        assertThat(first.steps()).extracting(StepResult::status).containsExactly(
                StepResult.Status.DONE, StepResult.Status.FAILED, StepResult.Status.NOT_RUN, StepResult.Status.NOT_RUN,
                StepResult.Status.NOT_RUN);
        assertThat(first.steps().get(1).message()).startsWith("AccessDenied");
        assertThat(prod.role(NAME).attachedPolicyArns()).isEmpty();

        prod.clearDenies();
        ApplyResult resumed = new PlanApplier().apply(plan.steps(), writer(PROD), r -> {});

        assertThat(resumed.complete()).isTrue();
        assertThat(prod.role(NAME).attachedPolicyArns()).containsExactly(WORKER, ECR);
        assertThat(prod.instanceProfile(NAME).roleNames()).containsExactly(NAME);
    }

    // ---- helpers ----

    private Account account(String id) {
        return injector.getInstance(AccountDirectory.class).all().stream()
                .filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private AccountWriter writer(String accountId) {
        try {
            AccountWriter writer = injector.getInstance(AccountAccess.class).openWriter(account(accountId), "U123");
            writers.add(writer);
            return writer;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private AccountReport check(String accountId) {
        return injector.getInstance(NodeRoleChecker.class).check(account(accountId), "U123");
    }

    private static PlanStep.CreateRole create(Partition partition) {
        return new PlanStep.CreateRole(NAME, FixPlanner.ROLE_DESCRIPTION, TrustPolicy.documentedJson(partition), TAGS);
    }

    /** The plan the planner offers after a real check of the account found no node role. */
    private FixPlan createPlan(String accountId) {
        AccountReport report = check(accountId);
        assertThat(report.findings()).extracting(f -> f.code()).containsExactly(FindingCode.NO_NODE_ROLE);
        FixPlanner planner = new FixPlanner(new FixPlanner.Settings(NAME, ManagedPolicy.ECR_READ_ONLY, TAGS));
        FixPlan plan = planner.offers(report).get(0);
        assertThat(plan.kind()).isEqualTo(FixKind.CREATE_ROLE);
        return plan;
    }
}

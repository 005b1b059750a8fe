package dev.eksrole.fix;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.aws.AwsModule;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.StepResult;
import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.AuditLog;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.store.StoreDatabase;
import dev.eksrole.store.StoreModule;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.aws.FakeAccount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The fix workflow driven directly, as a front end other than Slack would drive it: no Bolt and no Slack module, the
 * real AWS SDK against the IAM/STS fake, a real store, and the workflow's two questions answered by this test.
 */
class FixWorkflowTest {

    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String GROUP_MEMBER = "U0GROUPED1";
    private static final String STRANGER = "U0STRANGE1";

    @TempDir
    Path dir;

    private AwsWorld aws;
    private FakeAccount prod;
    private Injector injector;
    private FixWorkflow workflow;
    private PlanStore store;
    private final List<FixOutcome.Started> started = new ArrayList<>();
    /** How this test's front end splits plans: by default it shows any plan whole, as a terminal can. */
    private RequestBatches batches = (plan, account, requester) -> List.of(plan);

    @BeforeEach
    void start() throws Exception {
        aws = AwsWorld.start(dir);
        prod = aws.addTarget("111111111111", "prod-eu", AWS);
        aws.config("approvers: {users: [" + APPROVER + "], usergroups: [S0PLATFORM]}");
        injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(new ConfigLoader().load(aws.writeConfig())),
                new AwsModule(), new NodeRoleModule(), new StoreModule(Map.of()), new FixModule(), binder -> {
                    binder.bind(UserGroups.class).toInstance(group -> group.equals("S0PLATFORM")
                            ? Optional.of(Set.of(GROUP_MEMBER)) : Optional.empty());
                    binder.bind(RequestBatches.class).toInstance((plan, account, requester) -> batches.batches(plan, account, requester));
                });
        workflow = injector.getInstance(FixWorkflow.class);
        store = injector.getInstance(PlanStore.class);
    }

    @AfterEach
    void stop() {
        injector.getInstance(ApplyHeartbeat.class).close();
        injector.getInstance(AccountSessionCache.class).close();
        injector.getInstance(SdkHttpClient.class).close();
        injector.getInstance(StoreDatabase.class).close();
        aws.close();
    }

    /** Checks prod-eu and returns the stored offer of this kind. */
    private OfferedFix offer(FixKind kind) throws Exception {
        Account account = injector.getInstance(AccountDirectory.class).resolve("prod-eu");
        var report = injector.getInstance(NodeRoleChecker.class).check(account, REQUESTER);
        return injector.getInstance(FixOffers.class).offer(report, REQUESTER).stream()
                .filter(offer -> offer.plan().kind() == kind).findFirst().orElseThrow();
    }

    /** Checks prod-eu, which has no node role, and returns the stored offer to create one. */
    private OfferedFix offerToCreateTheRole() throws Exception {
        return offer(FixKind.CREATE_ROLE);
    }

    /** Asks for the offered fix and returns the one approval request to show. */
    private ApprovalRequest request(OfferedFix offer) {
        return request(offer, REQUESTER);
    }

    private ApprovalRequest request(OfferedFix offer, String requester) {
        FixOutcome outcome = workflow.request(offer.planId(), requester);
        assertThat(outcome.kind()).isEqualTo(FixOutcome.Kind.REQUESTED);
        List<ApprovalRequest> requests = ((FixOutcome.Requested) outcome).requests();
        assertThat(requests).hasSize(1);
        workflow.requestShown(requests.get(0).planId(), "terminal", "1");
        return requests.get(0);
    }

    private long writes() {
        return aws.fake().calls().stream().filter(c -> List.of("CreateRole", "AttachRolePolicy", "TagRole", "CreateInstanceProfile",
                "AddRoleToInstanceProfile").contains(c.action())).count();
    }

    @Test
    void aFixRequestedAndApprovedThroughTheWorkflowIsAppliedAndSaysSo() throws Exception {
        OfferedFix offer = offerToCreateTheRole();
        ApprovalRequest request = request(offer);
        assertThat(request.planId()).isEqualTo(offer.planId());
        assertThat(request.requestedBy()).isEqualTo(REQUESTER);
        assertThat(store.find(request.planId()).orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
        assertThat(writes()).isZero();

        FixOutcome outcome = workflow.approve(request.planId(), APPROVER, started::add);

        assertThat(started).singleElement().satisfies(s -> {
            assertThat(s.by()).isEqualTo(APPROVER);
            assertThat(s.resumed()).isFalse();
        });
        assertThat(outcome.kind()).isEqualTo(FixOutcome.Kind.APPLIED);
        FixOutcome.Applied applied = (FixOutcome.Applied) outcome;
        assertThat(applied.decidedBy()).isEqualTo(APPROVER);
        assertThat(applied.result().complete()).isTrue();
        assertThat(applied.result().steps()).extracting(StepResult::status).containsOnly(StepResult.Status.DONE);
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).containsExactlyInAnyOrder(
                awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"), awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
        assertThat(store.find(request.planId()).orElseThrow().status()).isEqualTo(PlanStatus.APPLIED);
        assertThat(injector.getInstance(AuditLog.class).recent("111111111111", 50)).extracting(AuditEntry::action)
                .contains("plan", "approve", "iam:CreateRole", "iam:AttachRolePolicy", "applied");
    }

    @Test
    void aPlanIsAppliedOnceHoweverOftenItIsApproved() throws Exception {
        ApprovalRequest request = request(offerToCreateTheRole());
        assertThat(workflow.approve(request.planId(), APPROVER, ApplyProgress.SILENT).kind()).isEqualTo(FixOutcome.Kind.APPLIED);
        long writes = writes();

        FixOutcome again = workflow.approve(request.planId(), GROUP_MEMBER, started::add);

        assertThat(again.kind()).isEqualTo(FixOutcome.Kind.ALREADY_DECIDED);
        assertThat(((FixOutcome.AlreadyDecided) again).current().decidedBy()).isEqualTo(APPROVER);
        assertThat(started).isEmpty();
        assertThat(writes()).isEqualTo(writes);
    }

    @Test
    void whoMayApproveIsDecidedHereAndEveryRefusalIsAudited() throws Exception {
        ApprovalRequest request = request(offerToCreateTheRole(), APPROVER);

        assertThat(refusal(workflow.approve(request.planId(), APPROVER, started::add))).isEqualTo(Refusal.OWN_REQUEST);
        assertThat(refusal(workflow.approve(request.planId(), STRANGER, started::add))).isEqualTo(Refusal.NOT_AN_APPROVER);
        assertThat(refusal(workflow.reject(request.planId(), STRANGER))).isEqualTo(Refusal.REJECT_NOT_ALLOWED);

        assertThat(started).isEmpty();
        assertThat(writes()).isZero();
        assertThat(store.find(request.planId()).orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
        assertThat(injector.getInstance(AuditLog.class).recent("111111111111", 50)).filteredOn(e -> e.action().equals("refuse"))
                .extracting(AuditEntry::detail, AuditEntry::result).contains(
                        tuple("approve refused", Refusal.OWN_REQUEST.reason()),
                        tuple("approve refused", Refusal.NOT_AN_APPROVER.reason()),
                        tuple("reject refused", Refusal.REJECT_NOT_ALLOWED.reason()));
        // a member of a configured group may, as the workflow's directory says
        assertThat(workflow.approve(request.planId(), GROUP_MEMBER, started::add).kind()).isEqualTo(FixOutcome.Kind.APPLIED);
    }

    private static Refusal refusal(FixOutcome outcome) {
        assertThat(outcome.kind()).isEqualTo(FixOutcome.Kind.REFUSED);
        return ((FixOutcome.Refused) outcome).refusal();
    }

    @Test
    void aRequestNobodyCouldBeShownIsVoid() throws Exception {
        ApprovalRequest request = request(offerToCreateTheRole());

        workflow.requestNotShown(request.planId());

        FixOutcome approve = workflow.approve(request.planId(), APPROVER, started::add);
        assertThat(approve.kind()).isEqualTo(FixOutcome.Kind.ALREADY_DECIDED);
        assertThat(((FixOutcome.AlreadyDecided) approve).current().status()).isEqualTo(PlanStatus.EXPIRED);
        assertThat(writes()).isZero();
    }

    @Test
    void anUnknownPlanIdIsSaidSoAndChangesNothing() {
        assertThat(workflow.approve("no-such-plan", APPROVER, started::add)).isEqualTo(new FixOutcome.UnknownPlan("no-such-plan"));
        assertThat(workflow.request("no-such-plan", REQUESTER)).isEqualTo(new FixOutcome.UnknownPlan("no-such-plan"));
        assertThat(aws.fake().calls()).isEmpty();
    }

    @Test
    void aFixTooBigForTheFrontEndIsRequestedInTheBatchesItAsksForEachApprovedOnItsOwn() throws Exception {
        for (String name : List.of("eksNodeRole-a", "eksNodeRole-b")) {
            prod.addRole(name, "/", prod.ec2TrustPolicy());
        }
        // a front end that shows one role per request
        batches = (plan, account, requester) -> {
            List<List<PlanStep>> roles = plan.roleGroups();
            List<FixPlan> parts = new ArrayList<>();
            for (int i = 0; i < roles.size(); i++) {
                parts.add(plan.batch(roles.get(i), new FixPlan.Batch(i + 1, roles.size())));
            }
            return parts;
        };
        OfferedFix fixAll = offer(FixKind.FIX_ALL);

        FixOutcome outcome = workflow.request(fixAll.planId(), REQUESTER);

        assertThat(outcome.kind()).isEqualTo(FixOutcome.Kind.REQUESTED);
        List<ApprovalRequest> requests = ((FixOutcome.Requested) outcome).requests();
        assertThat(requests).extracting(r -> r.plan().batch()).containsExactly(new FixPlan.Batch(1, 2), new FixPlan.Batch(2, 2));
        assertThat(requests).extracting(ApprovalRequest::planId).doesNotContain(fixAll.planId()).doesNotHaveDuplicates();
        assertThat(store.find(fixAll.planId()).orElseThrow().status()).isEqualTo(PlanStatus.SPLIT);
        assertThat(requests).allSatisfy(r -> assertThat(store.find(r.planId()).orElseThrow().status()).isEqualTo(PlanStatus.PENDING));

        assertThat(workflow.approve(requests.get(0).planId(), APPROVER, started::add).kind()).isEqualTo(FixOutcome.Kind.APPLIED);

        assertThat(prod.role("eksNodeRole-a").attachedPolicyArns()).hasSize(2);
        assertThat(prod.role("eksNodeRole-b").attachedPolicyArns()).isEmpty();
        assertThat(store.find(requests.get(1).planId()).orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
    }

    @Test
    void aCutDetailNeverEndsInHalfACharacter() {
        String emoji = "\uD83D\uDE80"; // one character, two UTF-16 units
        String words = "x".repeat(FixWorkflow.MAX_DETAIL - 2) + emoji + "tail";

        String cut = FixWorkflow.cut(words);

        assertThat(cut).endsWith("x…").hasSizeLessThanOrEqualTo(FixWorkflow.MAX_DETAIL);
        assertThat(cut.chars().filter(c -> Character.isSurrogate((char) c)).count()).isZero();
        assertThat(FixWorkflow.cut("x".repeat(FixWorkflow.MAX_DETAIL + 10))).hasSize(FixWorkflow.MAX_DETAIL).endsWith("x…");
    }
}

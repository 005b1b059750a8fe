package dev.eksrole.noderole;

import static dev.eksrole.noderole.TrustDocuments.documented;
import static dev.eksrole.noderole.TrustDocuments.ec2Allow;
import static dev.eksrole.noderole.TrustDocuments.withStatements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.testing.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FixPlannerTest {

    private static final String ACCOUNT_ID = "111111111111";
    private static final Account PROD = account(Partition.AWS);
    private static final Account CHINA = account(Partition.AWS_CN);

    private static final String WORKER = ManagedPolicy.WORKER_NODE.arn(Partition.AWS);
    private static final String ECR_READ_ONLY = ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS);
    private static final String ECR_PULL_ONLY = ManagedPolicy.ECR_PULL_ONLY.arn(Partition.AWS);
    private static final String CNI = ManagedPolicy.CNI.arn(Partition.AWS);

    private static final Map<String, String> TAGS = Map.of("team", "platform", "cost-centre", "1234");
    private static final FixPlanner PLANNER =
            new FixPlanner(new FixPlanner.Settings("NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY, TAGS));
    private static final FixPlanner PULL_ONLY_PLANNER =
            new FixPlanner(new FixPlanner.Settings("NodeInstanceRole", ManagedPolicy.ECR_PULL_ONLY, TAGS));

    private static final String EKS_TRUST = withStatements(
            "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"eks.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}");
    private static final String EC2_AND_SSM_TRUST = withStatements(ec2Allow(Partition.AWS),
            "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ssm.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}");
    /** A node role that also serves aws-node through EKS Pod Identity. */
    private static final String EC2_AND_POD_IDENTITY_TRUST = withStatements(ec2Allow(Partition.AWS),
            "{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"},"
                    + " \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]}");

    // ---- create the role ----

    @Test
    void createsTheDocumentedRoleWhenTheAccountHasNone() {
        List<FixPlan> plans = PLANNER.offers(noNodeRole(PROD));

        assertThat(plans).singleElement().satisfies(plan -> {
            assertThat(plan.kind()).isEqualTo(FixKind.CREATE_ROLE);
            assertThat(plan.accountId()).isEqualTo(ACCOUNT_ID);
            assertThat(plan.partition()).isEqualTo(Partition.AWS);
            assertThat(plan.roleName()).isNull();
            assertThat(plan.policyArn()).isNull();
            assertThat(plan.steps()).containsExactly(
                    new PlanStep.CreateRole("NodeInstanceRole", "Amazon EKS - Node Group Role",
                            TrustPolicy.documentedJson(Partition.AWS), TAGS),
                    new PlanStep.AttachPolicy("NodeInstanceRole", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"),
                    new PlanStep.AttachPolicy("NodeInstanceRole", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"),
                    new PlanStep.CreateInstanceProfile("NodeInstanceRole", "NodeInstanceRole", "/"),
                    new PlanStep.AddRoleToInstanceProfile("NodeInstanceRole", "NodeInstanceRole"));
            assertThat(plan.title()).isEqualTo("Create the node role NodeInstanceRole");
        });
    }

    @Test
    void theCreatedRolesTrustIsExactlyTheDocumentedOne() {
        PlanStep.CreateRole create = (PlanStep.CreateRole) PLANNER.offers(noNodeRole(PROD)).get(0).steps().get(0);

        assertThat(new TrustPolicyRule().evaluate(create.trustJson(), Partition.AWS)).isEmpty();
        assertThat(TrustPolicy.parse(create.trustJson()).orElseThrow().statements()).singleElement()
                .satisfies(s -> assertThat(s.principalValues("Service")).containsExactly("ec2.amazonaws.com"));
    }

    @Test
    void createsTheRoleWithChinasArnsAndEc2PrincipalInAwsCn() {
        FixPlan plan = PLANNER.offers(noNodeRole(CHINA)).get(0);

        assertThat(plan.partition()).isEqualTo(Partition.AWS_CN);
        assertThat(plan.steps()).containsExactly(
                new PlanStep.CreateRole("NodeInstanceRole", "Amazon EKS - Node Group Role",
                        TrustPolicy.documentedJson(Partition.AWS_CN), TAGS),
                new PlanStep.AttachPolicy("NodeInstanceRole", "arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy"),
                new PlanStep.AttachPolicy("NodeInstanceRole", "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"),
                new PlanStep.CreateInstanceProfile("NodeInstanceRole", "NodeInstanceRole", "/"),
                new PlanStep.AddRoleToInstanceProfile("NodeInstanceRole", "NodeInstanceRole"));
        String trust = ((PlanStep.CreateRole) plan.steps().get(0)).trustJson();
        assertThat(TrustPolicy.parse(trust).orElseThrow().statements().get(0).principalValues("Service"))
                .containsExactly("ec2.amazonaws.com.cn");
        assertThat(new TrustPolicyRule().evaluate(trust, Partition.AWS_CN)).isEmpty();
    }

    @Test
    void createsTheRoleWithGovCloudArnsAndThePlainEc2Principal() {
        FixPlan plan = PLANNER.offers(noNodeRole(account(Partition.AWS_US_GOV))).get(0);

        assertThat(plan.steps()).extracting(PlanStep::iamCall).element(2).asString()
                .endsWith("PolicyArn=arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
        String trust = ((PlanStep.CreateRole) plan.steps().get(0)).trustJson();
        assertThat(TrustPolicy.parse(trust).orElseThrow().statements().get(0).principalValues("Service"))
                .containsExactly("ec2.amazonaws.com");
    }

    @Test
    void createsTheRoleWithPullOnlyWhenConfigured() {
        FixPlan plan = PULL_ONLY_PLANNER.offers(noNodeRole(PROD)).get(0);

        assertThat(plan.steps()).filteredOn(PlanStep.AttachPolicy.class::isInstance)
                .extracting(s -> ((PlanStep.AttachPolicy) s).policyArn())
                .containsExactly(WORKER, ECR_PULL_ONLY);
    }

    @Test
    void createsTheRoleUnderTheConfiguredNameWithTheConfiguredTags() {
        FixPlanner planner = new FixPlanner(new FixPlanner.Settings("AmazonEKSNodeRole", ManagedPolicy.ECR_READ_ONLY,
                Map.of("owner", "sre")));

        FixPlan plan = planner.offers(noNodeRole(PROD)).get(0);

        assertThat(plan.steps()).extracting(PlanStep::roleName).containsOnly("AmazonEKSNodeRole");
        assertThat(((PlanStep.CreateRole) plan.steps().get(0)).tags()).isEqualTo(Map.of("owner", "sre"));
    }

    // ---- attach a missing policy ----

    @Test
    void attachesEachMissingPolicyToItsRole() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(), documented(Partition.AWS),
                new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, WORKER),
                new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY)));

        List<FixPlan> attach = plansOf(PLANNER.offers(report), FixKind.ATTACH_POLICY);

        assertThat(attach).hasSize(2);
        assertThat(attach.get(0)).satisfies(plan -> {
            assertThat(plan.roleName()).isEqualTo("NodeInstanceRole");
            assertThat(plan.policyArn()).isEqualTo(WORKER);
            assertThat(plan.steps()).containsExactly(new PlanStep.AttachPolicy("NodeInstanceRole", WORKER));
            assertThat(plan.title()).isEqualTo("Attach AmazonEKSWorkerNodePolicy to NodeInstanceRole");
        });
        assertThat(attach.get(1)).satisfies(plan -> {
            assertThat(plan.policyArn()).isEqualTo(ECR_READ_ONLY);
            assertThat(plan.steps()).containsExactly(new PlanStep.AttachPolicy("NodeInstanceRole", ECR_READ_ONLY));
        });
    }

    @Test
    void attachesToTheRoleThatMissesThePolicyAndNotToItsNeighbours() {
        AccountReport report = report(PROD,
                role("AmazonEKSNodeRole", List.of(WORKER, ECR_READ_ONLY), documented(Partition.AWS)),
                role("batch-NodeInstanceRole", List.of(ECR_READ_ONLY), documented(Partition.AWS),
                        new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, WORKER)));

        assertThat(PLANNER.offers(report)).singleElement().satisfies(plan -> {
            assertThat(plan.kind()).isEqualTo(FixKind.ATTACH_POLICY);
            assertThat(plan.steps()).containsExactly(new PlanStep.AttachPolicy("batch-NodeInstanceRole", WORKER));
        });
    }

    @Test
    void attachesPullOnlyForAMissingEcrPolicyWhenConfigured() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(WORKER), documented(Partition.AWS),
                new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY)));

        assertThat(PULL_ONLY_PLANNER.offers(report)).singleElement().satisfies(plan -> {
            assertThat(plan.policyArn()).isEqualTo(ECR_PULL_ONLY);
            assertThat(plan.steps()).containsExactly(new PlanStep.AttachPolicy("NodeInstanceRole", ECR_PULL_ONLY));
        });
    }

    @Test
    void attachesThePartitionsPolicyInAwsCn() {
        String chinaWorker = ManagedPolicy.WORKER_NODE.arn(Partition.AWS_CN);
        AccountReport report = report(CHINA, role("NodeInstanceRole", List.of(), documented(Partition.AWS_CN),
                new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, chinaWorker)));

        assertThat(PLANNER.offers(report)).singleElement().satisfies(plan -> assertThat(plan.steps())
                .containsExactly(new PlanStep.AttachPolicy("NodeInstanceRole", "arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy")));
    }

    // ---- replace the trust ----

    @Test
    void replacesATrustThatKeepsEc2OutWithTheDocumentedOne() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY), EKS_TRUST,
                trustFinding(EKS_TRUST, Partition.AWS)));
        assertThat(report.roles().get(0).findings()).extracting(Finding::code)
                .containsExactly(FindingCode.TRUST_DOES_NOT_ALLOW_EC2);

        assertThat(PLANNER.offers(report)).singleElement().satisfies(plan -> {
            assertThat(plan.kind()).isEqualTo(FixKind.REPLACE_TRUST);
            assertThat(plan.roleName()).isEqualTo("NodeInstanceRole");
            assertThat(plan.policyArn()).isNull();
            assertThat(plan.steps()).containsExactly(
                    new PlanStep.ReplaceTrust("NodeInstanceRole", TrustPolicy.documentedJson(Partition.AWS), EKS_TRUST));
            assertThat(plan.title()).isEqualTo("Replace the trust of NodeInstanceRole with the documented one");
        });
    }

    @Test
    void replacesATrustThatIsNotExactWithTheDocumentedOne() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY), EC2_AND_SSM_TRUST,
                trustFinding(EC2_AND_SSM_TRUST, Partition.AWS)));
        assertThat(report.roles().get(0).findings()).extracting(Finding::code)
                .containsExactly(FindingCode.TRUST_NOT_EXACT);

        assertThat(PLANNER.offers(report)).singleElement().satisfies(plan -> {
            assertThat(plan.kind()).isEqualTo(FixKind.REPLACE_TRUST);
            PlanStep.ReplaceTrust step = (PlanStep.ReplaceTrust) plan.steps().get(0);
            assertThat(step.currentTrust()).isEqualTo(EC2_AND_SSM_TRUST);
            assertThat(step.trustJson()).isEqualTo(TrustPolicy.documentedJson(Partition.AWS));
        });
    }

    @Test
    void replacesTheTrustWithChinasEc2PrincipalInAwsCn() {
        String plainEc2 = documented(Partition.AWS);
        AccountReport report = report(CHINA, role("NodeInstanceRole", List.of(), plainEc2,
                trustFinding(plainEc2, Partition.AWS_CN)));

        PlanStep.ReplaceTrust step = (PlanStep.ReplaceTrust) PLANNER.offers(report).get(0).steps().get(0);

        assertThat(step.trustJson()).isEqualTo(TrustPolicy.documentedJson(Partition.AWS_CN)).contains("ec2.amazonaws.com.cn");
        assertThat(step.currentTrust()).isEqualTo(plainEc2);
    }

    // ---- detach the CNI policy ----

    @Test
    void detachesTheCniPolicyWhenAnAwsNodeRoleCarriesIt() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY, CNI),
                documented(Partition.AWS), new Finding.CniPolicyOnNodeRole("eks-aws-node-irsa")));

        assertThat(PLANNER.offers(report)).singleElement().satisfies(plan -> {
            assertThat(plan.kind()).isEqualTo(FixKind.DETACH_CNI_POLICY);
            assertThat(plan.roleName()).isEqualTo("NodeInstanceRole");
            assertThat(plan.policyArn()).isEqualTo(CNI);
            assertThat(plan.steps()).containsExactly(new PlanStep.DetachPolicy("NodeInstanceRole", CNI));
            assertThat(plan.title()).isEqualTo("Detach AmazonEKS_CNI_Policy from NodeInstanceRole");
        });
    }

    @Test
    void offersNoCniDetachWhenNoAwsNodeRoleCarriesIt() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY, CNI),
                documented(Partition.AWS), new Finding.CniPolicyOnNodeRole(null)));

        assertThat(PLANNER.offers(report)).isEmpty();
    }

    // ---- nothing to fix ----

    @Test
    void offersNothingForAHealthyAccount() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY), documented(Partition.AWS)));
        assertThat(report.verdict()).isEqualTo(Severity.OK);

        assertThat(PLANNER.offers(report)).isEmpty();
    }

    @Test
    void offersNothingForAnAccountItCouldNotRead() {
        AccountReport refused = AccountReport.of(PROD, new Finding.AssumeRoleFailed(PROD.accessRoleArn(),
                PROD.externalId(), AccessFailure.of(AccessFailure.Cause.TARGET_REFUSED, "AccessDenied", "not authorized")));
        AccountReport unreadable = AccountReport.of(PROD, new Finding.IamReadFailed("ListRoles", "AccessDenied", null));

        assertThat(PLANNER.offers(refused)).isEmpty();
        assertThat(PLANNER.offers(unreadable)).isEmpty();
    }

    // ---- fix all ----

    @Test
    void offersFixAllWithEveryStepButTheCniDetachInOrderWhenSeveralFixesApply() {
        AccountReport report = report(PROD,
                role("AmazonEKSNodeRole", List.of(WORKER, CNI), EKS_TRUST,
                        new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY),
                        new Finding.CniPolicyOnNodeRole("eks-aws-node-irsa"),
                        trustFinding(EKS_TRUST, Partition.AWS)),
                role("NodeInstanceRole", List.of(ECR_READ_ONLY), documented(Partition.AWS),
                        new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, WORKER)));

        List<FixPlan> plans = PLANNER.offers(report);

        assertThat(plans).extracting(FixPlan::kind).containsExactly(FixKind.ATTACH_POLICY, FixKind.DETACH_CNI_POLICY,
                FixKind.REPLACE_TRUST, FixKind.ATTACH_POLICY, FixKind.FIX_ALL);
        List<PlanStep> single = new ArrayList<>();
        plans.subList(0, 4).stream().filter(p -> p.kind() != FixKind.DETACH_CNI_POLICY).forEach(p -> single.addAll(p.steps()));
        FixPlan all = plans.get(4);
        // a CNI detach is judged on its own: whether it is safe depends on roles the same plan may change
        assertThat(all.steps()).isEqualTo(single).containsExactly(
                new PlanStep.AttachPolicy("AmazonEKSNodeRole", ECR_READ_ONLY),
                new PlanStep.ReplaceTrust("AmazonEKSNodeRole", TrustPolicy.documentedJson(Partition.AWS), EKS_TRUST),
                new PlanStep.AttachPolicy("NodeInstanceRole", WORKER));
        assertThat(all.roleName()).isNull();
        assertThat(all.policyArn()).isNull();
        assertThat(all.title()).isEqualTo("Fix everything (3 IAM calls)");
    }

    @Test
    void offersNoFixAllForASingleFix() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(WORKER), documented(Partition.AWS),
                new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY)));

        assertThat(PLANNER.offers(report)).extracting(FixPlan::kind).containsExactly(FixKind.ATTACH_POLICY);
    }

    @Test
    void leavesTheUnfixableCniWarningOutOfFixAll() {
        AccountReport report = report(PROD, role("NodeInstanceRole", List.of(CNI), documented(Partition.AWS),
                new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, WORKER),
                new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY),
                new Finding.CniPolicyOnNodeRole(null)));

        FixPlan all = plansOf(PLANNER.offers(report), FixKind.FIX_ALL).get(0);

        assertThat(all.steps()).containsExactly(
                new PlanStep.AttachPolicy("NodeInstanceRole", WORKER),
                new PlanStep.AttachPolicy("NodeInstanceRole", ECR_READ_ONLY));
    }

    @Test


    void fixAllNeverDetachesTheCniPolicyFromEveryRoleThatServesAwsNode() {
        AccountReport report = report(PROD,
                role("blue-NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY, CNI), EC2_AND_POD_IDENTITY_TRUST,
                        new Finding.CniPolicyOnNodeRole("green-NodeInstanceRole")),
                role("green-NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY, CNI), EC2_AND_POD_IDENTITY_TRUST,
                        new Finding.CniPolicyOnNodeRole("blue-NodeInstanceRole")));

        List<FixPlan> fixAll = plansOf(PLANNER.offers(report), FixKind.FIX_ALL);

        assertThat(fixAll).allSatisfy(plan -> assertThat(plan.steps()).filteredOn(PlanStep.DetachPolicy.class::isInstance)
                .hasSizeLessThan(2));
    }

    @Test
    void fixAllDoesNotDetachTheCniPolicyWhileRemovingTheAwsNodeTrustItReliesOn() {
        AccountReport report = report(PROD,
                role("blue-NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY, CNI), EC2_AND_POD_IDENTITY_TRUST,
                        new Finding.CniPolicyOnNodeRole(null), trustFinding(EC2_AND_POD_IDENTITY_TRUST, Partition.AWS)),
                role("green-NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY, CNI), documented(Partition.AWS),
                        new Finding.CniPolicyOnNodeRole("blue-NodeInstanceRole")));

        List<FixPlan> offers = PLANNER.offers(report);

        assertThat(offers).allSatisfy(all -> {
            boolean replacesBlueTrust = all.steps().contains(new PlanStep.ReplaceTrust("blue-NodeInstanceRole",
                    TrustPolicy.documentedJson(Partition.AWS), EC2_AND_POD_IDENTITY_TRUST));
            boolean detachesFromGreen = all.steps().contains(new PlanStep.DetachPolicy("green-NodeInstanceRole", CNI));
            assertThat(replacesBlueTrust && detachesFromGreen).as("both in one plan").isFalse();
        });
    }

    // ---- replan after approval ----

    @Test
    void replanFindsTheSamePlanInAFreshReportOfAnUnchangedAccount() {
        AccountReport before = needsEcrAndTrust(EKS_TRUST);
        AccountReport fresh = needsEcrAndTrust(EKS_TRUST);

        for (FixPlan original : PLANNER.offers(before)) {
            assertThat(PLANNER.replan(original, fresh)).as(original.title()).contains(original);
        }
    }

    @Test
    void replanIsEmptyWhenTheFreshReportNoLongerNeedsThePlan() {
        FixPlan attach = plansOf(PLANNER.offers(needsEcrAndTrust(EKS_TRUST)), FixKind.ATTACH_POLICY).get(0);
        AccountReport fixedMeanwhile = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY),
                documented(Partition.AWS)));

        assertThat(PLANNER.replan(attach, fixedMeanwhile)).isEmpty();
    }

    @Test
    void replanIsEmptyForACreatePlanOnceANodeRoleExists() {
        FixPlan create = PLANNER.offers(noNodeRole(PROD)).get(0);
        AccountReport createdMeanwhile = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY),
                documented(Partition.AWS)));

        assertThat(PLANNER.replan(create, createdMeanwhile)).isEmpty();
    }

    @Test
    void replanGivesOtherStepsWhenTheTrustChangedInBetween() {
        FixPlan original = plansOf(PLANNER.offers(needsEcrAndTrust(EKS_TRUST)), FixKind.REPLACE_TRUST).get(0);
        String changed = withStatements(
                "{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::222222222222:root\"}, \"Action\": \"sts:AssumeRole\"}");

        Optional<FixPlan> replanned = PLANNER.replan(original, needsEcrAndTrust(changed));

        assertThat(replanned).hasValueSatisfying(plan -> {
            assertThat(plan.key()).isEqualTo(original.key());
            assertThat(plan.steps()).isNotEqualTo(original.steps());
            assertThat(plan).isNotEqualTo(original);
            assertThat(((PlanStep.ReplaceTrust) plan.steps().get(0)).currentTrust()).isEqualTo(changed);
        });
    }

    @Test
    void replanOfFixAllGivesOtherStepsWhenOneOfItsFixesWasMadeMeanwhile() {
        FixPlan all = plansOf(PLANNER.offers(needsEcrAndTrust(EKS_TRUST)), FixKind.FIX_ALL).get(0);
        AccountReport fresh = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY, CNI), EKS_TRUST,
                new Finding.CniPolicyOnNodeRole("eks-aws-node-irsa"), trustFinding(EKS_TRUST, Partition.AWS)));

        assertThat(PLANNER.replan(all, fresh)).hasValueSatisfying(plan -> assertThat(plan.steps()).containsExactly(
                new PlanStep.ReplaceTrust("NodeInstanceRole", TrustPolicy.documentedJson(Partition.AWS), EKS_TRUST)));
    }

    @Test
    void replanOfFixAllStillOffersTheLastRemainingFix() {
        FixPlan all = plansOf(PLANNER.offers(needsEcrAndTrust(EKS_TRUST)), FixKind.FIX_ALL).get(0);
        AccountReport onlyTrustLeft = report(PROD, role("NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY), EKS_TRUST,
                trustFinding(EKS_TRUST, Partition.AWS)));

        assertThat(PLANNER.replan(all, onlyTrustLeft)).hasValueSatisfying(plan -> assertThat(plan.steps())
                .containsExactly(new PlanStep.ReplaceTrust("NodeInstanceRole", TrustPolicy.documentedJson(Partition.AWS), EKS_TRUST)));
    }

    // ---- batches of a fix-all plan ----

    /** Two roles, each missing the ECR policy and with a wrong trust. */
    private static AccountReport twoRolesNeedingFixes(String blueTrust, String greenTrust) {
        return report(PROD,
                role("blue-NodeInstanceRole", List.of(WORKER), blueTrust,
                        new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY), trustFinding(blueTrust, Partition.AWS)),
                role("green-NodeInstanceRole", List.of(WORKER), greenTrust,
                        new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY), trustFinding(greenTrust, Partition.AWS)));
    }

    @Test
    void aFixAllPlanGroupsItsStepsRoleByRoleInOrder() {
        FixPlan all = plansOf(PLANNER.offers(twoRolesNeedingFixes(EKS_TRUST, EKS_TRUST)), FixKind.FIX_ALL).get(0);

        assertThat(all.roleGroups()).hasSize(2);
        assertThat(all.roleGroups().get(0)).extracting(PlanStep::roleName).containsOnly("blue-NodeInstanceRole");
        assertThat(all.roleGroups().get(1)).extracting(PlanStep::roleName).containsOnly("green-NodeInstanceRole");
        assertThat(all.roleGroups().stream().flatMap(List::stream).toList()).isEqualTo(all.steps());
    }

    @Test
    void aBatchIsTitledAsSuchAndReplansToWhatAFreshCheckAsksForItsOwnRolesOnly() {
        FixPlan all = plansOf(PLANNER.offers(twoRolesNeedingFixes(EKS_TRUST, EKS_TRUST)), FixKind.FIX_ALL).get(0);
        FixPlan green = all.batch(all.roleGroups().get(1), new FixPlan.Batch(2, 2));

        assertThat(green.title()).isEqualTo("Fix everything, batch 2 of 2 (2 IAM calls for 1 role)");
        assertThat(PLANNER.replan(green, twoRolesNeedingFixes(EKS_TRUST, EKS_TRUST))).contains(green);
        // blue changed: green's batch is still exactly what a fresh check asks
        assertThat(PLANNER.replan(green, twoRolesNeedingFixes(EC2_AND_SSM_TRUST, EKS_TRUST))).contains(green);
        // green changed: the batch replans to green's fresh steps, as the same batch
        assertThat(PLANNER.replan(green, twoRolesNeedingFixes(EKS_TRUST, EC2_AND_SSM_TRUST))).hasValueSatisfying(fresh -> {
            assertThat(fresh.batch()).isEqualTo(new FixPlan.Batch(2, 2));
            assertThat(fresh.steps()).extracting(PlanStep::roleName).containsOnly("green-NodeInstanceRole");
            assertThat(fresh.steps()).isNotEqualTo(green.steps());
        });
        // green fixed meanwhile: nothing left for this batch
        AccountReport greenFixed = report(PROD,
                role("blue-NodeInstanceRole", List.of(WORKER), EKS_TRUST,
                        new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY), trustFinding(EKS_TRUST, Partition.AWS)),
                role("green-NodeInstanceRole", List.of(WORKER, ECR_READ_ONLY), documented(Partition.AWS)));
        assertThat(PLANNER.replan(green, greenFixed)).isEmpty();
    }

    // ---- what the plan shows ----

    @Test
    void iamCallsNameTheExactCallAndParameters() {
        assertThat(new PlanStep.CreateRole("NodeInstanceRole", "Amazon EKS - Node Group Role",
                TrustPolicy.documentedJson(Partition.AWS), TAGS).iamCall())
                .isEqualTo("iam:CreateRole RoleName=NodeInstanceRole Path=/ Description=\"Amazon EKS - Node Group Role\""
                        + " AssumeRolePolicyDocument=<EC2 trust below> Tags=cost-centre=1234,team=platform");
        assertThat(new PlanStep.CreateRole("NodeInstanceRole", "Amazon EKS - Node Group Role",
                TrustPolicy.documentedJson(Partition.AWS), Map.of()).iamCall())
                .isEqualTo("iam:CreateRole RoleName=NodeInstanceRole Path=/ Description=\"Amazon EKS - Node Group Role\""
                        + " AssumeRolePolicyDocument=<EC2 trust below>");
        assertThat(new PlanStep.AttachPolicy("NodeInstanceRole", WORKER).iamCall())
                .isEqualTo("iam:AttachRolePolicy RoleName=NodeInstanceRole PolicyArn=arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy");
        assertThat(new PlanStep.DetachPolicy("NodeInstanceRole", CNI).iamCall())
                .isEqualTo("iam:DetachRolePolicy RoleName=NodeInstanceRole PolicyArn=arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
        assertThat(new PlanStep.ReplaceTrust("NodeInstanceRole", TrustPolicy.documentedJson(Partition.AWS), EKS_TRUST).iamCall())
                .isEqualTo("iam:UpdateAssumeRolePolicy RoleName=NodeInstanceRole PolicyDocument=<documented EC2 trust below>");
    }

    @Test
    void theCreatePlansCallsAreShownInTheOrderTheyWillBeMade() {
        assertThat(PLANNER.offers(noNodeRole(CHINA)).get(0).steps()).extracting(PlanStep::iamCall).containsExactly(
                "iam:CreateRole RoleName=NodeInstanceRole Path=/ Description=\"Amazon EKS - Node Group Role\""
                        + " AssumeRolePolicyDocument=<EC2 trust below> Tags=cost-centre=1234,team=platform",
                "iam:AttachRolePolicy RoleName=NodeInstanceRole PolicyArn=arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "iam:AttachRolePolicy RoleName=NodeInstanceRole PolicyArn=arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
                "iam:CreateInstanceProfile InstanceProfileName=NodeInstanceRole Path=/",
                "iam:AddRoleToInstanceProfile InstanceProfileName=NodeInstanceRole RoleName=NodeInstanceRole");
    }

    @Test
    void aPlansKeyIsStableAcrossChecksAndIndependentOfItsSteps() {
        List<FixPlan> first = PLANNER.offers(needsEcrAndTrust(EKS_TRUST));
        List<FixPlan> second = PLANNER.offers(needsEcrAndTrust(EC2_AND_SSM_TRUST));

        assertThat(first).extracting(FixPlan::key).containsExactlyElementsOf(second.stream().map(FixPlan::key).toList());
        assertThat(first).extracting(FixPlan::key).doesNotHaveDuplicates();
        assertThat(plansOf(first, FixKind.ATTACH_POLICY).get(0).key())
                .isEqualTo("ATTACH_POLICY|NodeInstanceRole|" + ECR_READ_ONLY);
        assertThat(plansOf(first, FixKind.REPLACE_TRUST).get(0).key()).isEqualTo("REPLACE_TRUST|NodeInstanceRole|");
        assertThat(PLANNER.offers(noNodeRole(PROD)).get(0).key()).isEqualTo("CREATE_ROLE||");
        assertThat(plansOf(first, FixKind.FIX_ALL).get(0).key()).isEqualTo("FIX_ALL||");
    }

    @Test
    void plansForDifferentRolesOrPoliciesHaveDifferentKeys() {
        AccountReport report = report(PROD,
                role("AmazonEKSNodeRole", List.of(), documented(Partition.AWS),
                        new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, WORKER),
                        new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY)),
                role("NodeInstanceRole", List.of(), documented(Partition.AWS),
                        new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, WORKER)));

        assertThat(PLANNER.offers(report)).extracting(FixPlan::key).containsExactly(
                "ATTACH_POLICY|AmazonEKSNodeRole|" + WORKER,
                "ATTACH_POLICY|AmazonEKSNodeRole|" + ECR_READ_ONLY,
                "ATTACH_POLICY|NodeInstanceRole|" + WORKER,
                "FIX_ALL||");
    }

    @Test
    void offersTheSamePlansForTheSameReport() {
        AccountReport report = needsEcrAndTrust(EKS_TRUST);

        assertThat(PLANNER.offers(report)).isEqualTo(PLANNER.offers(report));
    }

    // ---- helpers ----

    private static Account account(Partition partition) {
        return new Account(ACCOUNT_ID, "prod-eu", partition,
                "arn:" + partition.id() + ":iam::" + ACCOUNT_ID + ":role/EksRoleAccess", "eksrole-prod", null);
    }

    private static AccountReport noNodeRole(Account account) {
        return AccountReport.of(account, new Finding.NoNodeRole(NodeRolePatterns.DEFAULT.fragments()));
    }

    private static AccountReport report(Account account, RoleReport... roles) {
        return new AccountReport(account, List.of(), List.of(roles));
    }

    private static RoleReport role(String name, List<String> policies, String trust, Finding... findings) {
        return new RoleReport(name, "arn:aws:iam::" + ACCOUNT_ID + ":role/" + name, policies, trust,
                Domain.failed(Subject.role(name), findings));
    }

    private static Finding trustFinding(String trust, Partition partition) {
        return new TrustPolicyRule().evaluate(trust, partition).orElseThrow();
    }

    /** NodeInstanceRole without the ECR policy, with the CNI policy (an aws-node role exists) and this trust. */
    private static AccountReport needsEcrAndTrust(String trust) {
        return report(PROD, role("NodeInstanceRole", List.of(WORKER, CNI), trust,
                new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY),
                new Finding.CniPolicyOnNodeRole("eks-aws-node-irsa"),
                trustFinding(trust, Partition.AWS)));
    }

    private static List<FixPlan> plansOf(List<FixPlan> plans, FixKind kind) {
        return plans.stream().filter(p -> p.kind() == kind).toList();
    }
}

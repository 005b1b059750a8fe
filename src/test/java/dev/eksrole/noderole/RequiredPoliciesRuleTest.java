package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequiredPoliciesRuleTest {

    private static final String WORKER = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy";
    private static final String ECR_READ_ONLY = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
    private static final String ECR_PULL_ONLY = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly";
    private static final String CNI = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy";

    private final RequiredPoliciesRule rule = new RequiredPoliciesRule();

    /** The rule's findings for one node role with these policies, in an account of this partition. */
    private List<Finding> findings(List<String> attached, Partition partition) {
        return Facts.findings(rule.evaluate(Facts.oneNodeRole(partition, attached, "{}")));
    }

    private List<String> statements(List<String> attached) {
        return rule.evaluate(Facts.oneNodeRole(Partition.AWS, attached, "{}")).stream().map(RuleResult::statement).toList();
    }

    @Test
    void statesEachRequiredPolicyWorkerPolicyFirstWhetherAttachedOrNot() {
        assertThat(statements(List.of(ECR_READ_ONLY, WORKER)))
                .containsExactly("AmazonEKSWorkerNodePolicy attached", "AmazonEC2ContainerRegistryReadOnly attached");
        assertThat(statements(List.of()))
                .containsExactly("AmazonEKSWorkerNodePolicy is not attached", "AmazonEC2ContainerRegistryReadOnly is not attached");
    }

    @Test
    void namesTheEcrPolicyThatIsAttached() {
        assertThat(statements(List.of(WORKER, ECR_PULL_ONLY))).containsExactly("AmazonEKSWorkerNodePolicy attached",
                "AmazonEC2ContainerRegistryPullOnly attached");
        assertThat(statements(List.of(ECR_PULL_ONLY, WORKER, ECR_READ_ONLY))).last().isEqualTo("AmazonEC2ContainerRegistryPullOnly attached");
    }

    @Test
    void judgesEveryNodeRoleAsItsOwnSubject() {
        List<RuleResult> results = rule.evaluate(Facts.nodeRoles(Partition.AWS,
                new NodeRole(Facts.role("blue", "{}"), List.of(WORKER, ECR_READ_ONLY)), new NodeRole(Facts.role("green", "{}"), List.of())));

        assertThat(results).extracting(RuleResult::subject).containsExactly(Subject.role("blue"), Subject.role("blue"),
                Subject.role("green"), Subject.role("green"));
        assertThat(results).extracting(RuleResult::severity).containsExactly(Severity.OK, Severity.OK, Severity.NEEDS_FIX,
                Severity.NEEDS_FIX);
    }

    @Test
    void acceptsWorkerPolicyWithEcrReadOnly() {
        assertThat(findings(List.of(WORKER, ECR_READ_ONLY), Partition.AWS)).isEmpty();
    }

    @Test
    void acceptsEcrPullOnlyInPlaceOfReadOnly() {
        assertThat(findings(List.of(WORKER, ECR_PULL_ONLY), Partition.AWS)).isEmpty();
    }

    @Test
    void acceptsBothEcrPoliciesTogether() {
        assertThat(findings(List.of(ECR_PULL_ONLY, WORKER, ECR_READ_ONLY), Partition.AWS)).isEmpty();
    }

    @Test
    void ignoresOtherAttachedPolicies() {
        List<String> attached = List.of(
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", CNI, WORKER,
                "arn:aws:iam::111111111111:policy/node-extras", ECR_READ_ONLY);

        assertThat(findings(attached, Partition.AWS)).isEmpty();
    }

    @Test
    void reportsMissingWorkerNodePolicy() {
        List<Finding> findings = findings(List.of(ECR_READ_ONLY), Partition.AWS);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.MISSING_POLICY);
            assertThat(f.severity()).isEqualTo(Severity.NEEDS_FIX);
            assertThat(f.detail()).isEqualTo("AmazonEKSWorkerNodePolicy");
            assertThat(f).isEqualTo(new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, WORKER));
            assertThat(f.nextStep()).contains(WORKER);
        });
    }

    @Test
    void reportsMissingEcrReadOnlyPolicyByItsNameEvenThoughPullOnlyWouldDo() {
        List<Finding> findings = findings(List.of(WORKER), Partition.AWS);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.MISSING_POLICY);
            assertThat(f.severity()).isEqualTo(Severity.NEEDS_FIX);
            assertThat(f.detail()).isEqualTo("AmazonEC2ContainerRegistryReadOnly");
            assertThat(f).isEqualTo(new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY, ECR_READ_ONLY));
        });
    }

    @Test
    void reportsBothPoliciesWhenNothingIsAttachedWorkerPolicyFirst() {
        assertThat(findings(List.of(), Partition.AWS))
                .extracting(Finding::detail)
                .containsExactly("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
    }

    @Test
    void reportsMissingWorkerPolicyWhenOnlyCustomerManagedCopyIsAttached() {
        List<String> attached = List.of("arn:aws:iam::111111111111:policy/AmazonEKSWorkerNodePolicy", ECR_READ_ONLY);

        assertThat(findings(attached, Partition.AWS)).extracting(Finding::detail)
                .containsExactly("AmazonEKSWorkerNodePolicy");
    }

    @Test
    void reportsMissingEcrPolicyWhenOnlyCustomerManagedCopyIsAttached() {
        List<String> attached = List.of(WORKER,
                "arn:aws:iam::111111111111:policy/AmazonEC2ContainerRegistryReadOnly",
                "arn:aws:iam::111111111111:policy/eks/AmazonEC2ContainerRegistryPullOnly");

        assertThat(findings(attached, Partition.AWS)).extracting(Finding::detail)
                .containsExactly("AmazonEC2ContainerRegistryReadOnly");
    }

    @Test
    void doesNotCountAPolicyArnThatOnlyEndsWithTheManagedName() {
        List<String> attached = List.of("arn:aws:iam::aws:policy/service-role/AmazonEKSWorkerNodePolicy", ECR_READ_ONLY);

        assertThat(findings(attached, Partition.AWS)).extracting(Finding::detail)
                .containsExactly("AmazonEKSWorkerNodePolicy");
    }

    @Test
    void awsArnsDoNotSatisfyAnAwsCnAccount() {
        List<Finding> findings = findings(List.of(WORKER, ECR_READ_ONLY), Partition.AWS_CN);

        assertThat(findings).containsExactly(
                new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, "arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy"),
                new Finding.MissingPolicy(ManagedPolicy.ECR_READ_ONLY,
                        "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"));
    }

    @Test
    void awsCnArnsSatisfyAnAwsCnAccount() {
        List<String> attached = List.of(
                "arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");

        assertThat(findings(attached, Partition.AWS_CN)).isEmpty();
    }

    @Test
    void awsCnArnsDoNotSatisfyAnAwsAccount() {
        List<String> attached = List.of(
                "arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");

        assertThat(findings(attached, Partition.AWS)).hasSize(2);
    }

    @Test
    void awsUsGovArnsSatisfyAnAwsUsGovAccount() {
        List<String> attached = List.of(
                "arn:aws-us-gov:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly");

        assertThat(findings(attached, Partition.AWS_US_GOV)).isEmpty();
    }

    @Test
    void awsArnsDoNotSatisfyAnAwsUsGovAccount() {
        List<Finding> findings = findings(List.of(WORKER, ECR_READ_ONLY), Partition.AWS_US_GOV);

        assertThat(findings).extracting(f -> ((Finding.MissingPolicy) f).policyArn()).containsExactly(
                "arn:aws-us-gov:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    }

    @ParameterizedTest
    @EnumSource(Partition.class)
    void detailIsThePlainPolicyNameInEveryPartition(Partition partition) {
        assertThat(findings(List.of(), partition)).extracting(Finding::detail)
                .containsExactly("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
    }

    @ParameterizedTest
    @EnumSource(Partition.class)
    void managedPolicyArnsCarryThePartition(Partition partition) {
        assertThat(ManagedPolicy.WORKER_NODE.arn(partition))
                .isEqualTo("arn:" + partition.id() + ":iam::aws:policy/AmazonEKSWorkerNodePolicy");
    }
}

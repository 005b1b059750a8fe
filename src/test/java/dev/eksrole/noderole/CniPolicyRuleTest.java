package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CniPolicyRuleTest {

    private static final String WORKER = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy";
    private static final String ECR_READ_ONLY = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
    private static final String CNI = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy";

    private final CniPolicyRule rule = new CniPolicyRule(new AwsNodeRoleFinder());

    /** The rule's result for one node role with these policies, in an account where this role, if any, serves aws-node. */
    private RuleResult result(List<String> attached, Partition partition, String awsNodeRoleName) {
        IamRole[] awsNode = awsNodeRoleName == null ? new IamRole[0]
                : new IamRole[] {Facts.role(awsNodeRoleName, TrustDocuments.irsaForAwsNode())};
        return rule.evaluate(Facts.oneNodeRole(partition, attached, TrustDocuments.documented(partition), awsNode)).get(0);
    }

    private Optional<Finding> evaluate(List<String> attached, Partition partition, String awsNodeRoleName) {
        return result(attached, partition, awsNodeRoleName).failure();
    }

    @Test
    void statesWhetherThePolicyIsOnTheNodeRole() {
        assertThat(result(List.of(WORKER, ECR_READ_ONLY), Partition.AWS, null).statement())
                .isEqualTo("AmazonEKS_CNI_Policy is not on the node role");
        assertThat(result(List.of(CNI), Partition.AWS, null).statement())
                .isEqualTo("AmazonEKS_CNI_Policy is attached; no role for the aws-node service account carries it");
    }

    @Test
    void noFindingWhenCniPolicyIsNotAttached() {
        assertThat(result(List.of(WORKER, ECR_READ_ONLY), Partition.AWS, null).severity()).isEqualTo(Severity.OK);
        assertThat(evaluate(List.of(WORKER, ECR_READ_ONLY), Partition.AWS, null)).isEmpty();
        assertThat(evaluate(List.of(WORKER, ECR_READ_ONLY), Partition.AWS, "aws-node-irsa")).isEmpty();
    }

    @Test
    void warnsWhenCniPolicyIsOnTheNodeRole() {
        Optional<Finding> finding = evaluate(List.of(WORKER, ECR_READ_ONLY, CNI), Partition.AWS, null);

        assertThat(finding).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.CNI_POLICY_ON_NODE_ROLE);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void saysDetachingWouldBreakPodNetworkingWhenNoRoleServesAwsNode() {
        Finding finding = evaluate(List.of(CNI), Partition.AWS, null).orElseThrow();

        assertThat(finding).isInstanceOfSatisfying(Finding.CniPolicyOnNodeRole.class, cni -> {
            assertThat(cni.safeToDetach()).isFalse();
            assertThat(cni.awsNodeRole()).isEmpty();
            assertThat(cni.detail()).contains("AmazonEKS_CNI_Policy").contains("no role for the aws-node service account");
            assertThat(cni.nextStep()).contains("break pod networking");
        });
    }

    @Test
    void isSafeToDetachAndNamesTheRoleWhenARoleServesAwsNode() {
        Finding finding = evaluate(List.of(CNI), Partition.AWS, "eks-aws-node-irsa").orElseThrow();

        assertThat(finding).isInstanceOfSatisfying(Finding.CniPolicyOnNodeRole.class, cni -> {
            assertThat(cni.safeToDetach()).isTrue();
            assertThat(cni.awsNodeRole()).contains("eks-aws-node-irsa");
            assertThat(cni.detail()).contains("eks-aws-node-irsa");
            assertThat(cni.nextStep()).startsWith("Detach AmazonEKS_CNI_Policy").contains("eks-aws-node-irsa");
        });
    }

    @Test
    void aCustomerManagedCniCopyIsNotTheCniPolicy() {
        List<String> attached = List.of(WORKER, "arn:aws:iam::111111111111:policy/AmazonEKS_CNI_Policy");

        assertThat(evaluate(attached, Partition.AWS, null)).isEmpty();
    }

    @Test
    void matchesTheCniPolicyOfTheAccountsPartitionOnly() {
        assertThat(evaluate(List.of(CNI), Partition.AWS_CN, null)).isEmpty();
        assertThat(evaluate(List.of("arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy"), Partition.AWS_CN, null))
                .isPresent();
        assertThat(evaluate(List.of("arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy"), Partition.AWS_US_GOV, null))
                .isPresent();
        assertThat(evaluate(List.of("arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy"), Partition.AWS, null))
                .isEmpty();
    }
}

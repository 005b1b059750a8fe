package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CniPolicyRuleTest {

    private static final String WORKER = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy";
    private static final String ECR_READ_ONLY = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
    private static final String CNI = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy";

    private final CniPolicyRule rule = new CniPolicyRule();

    @Test
    void noFindingWhenCniPolicyIsNotAttached() {
        assertThat(rule.applies(List.of(WORKER, ECR_READ_ONLY), Partition.AWS)).isFalse();
        assertThat(rule.evaluate(List.of(WORKER, ECR_READ_ONLY), Partition.AWS, null)).isEmpty();
        assertThat(rule.evaluate(List.of(WORKER, ECR_READ_ONLY), Partition.AWS, "aws-node-irsa")).isEmpty();
    }

    @Test
    void warnsWhenCniPolicyIsOnTheNodeRole() {
        Optional<Finding> finding = rule.evaluate(List.of(WORKER, ECR_READ_ONLY, CNI), Partition.AWS, null);

        assertThat(finding).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.CNI_POLICY_ON_NODE_ROLE);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void saysDetachingWouldBreakPodNetworkingWhenNoRoleServesAwsNode() {
        Finding finding = rule.evaluate(List.of(CNI), Partition.AWS, null).orElseThrow();

        assertThat(finding).isInstanceOfSatisfying(Finding.CniPolicyOnNodeRole.class, cni -> {
            assertThat(cni.safeToDetach()).isFalse();
            assertThat(cni.awsNodeRole()).isEmpty();
            assertThat(cni.detail()).contains("AmazonEKS_CNI_Policy").contains("no role for the aws-node service account");
            assertThat(cni.nextStep()).contains("break pod networking");
        });
    }

    @Test
    void isSafeToDetachAndNamesTheRoleWhenARoleServesAwsNode() {
        Finding finding = rule.evaluate(List.of(CNI), Partition.AWS, "eks-aws-node-irsa").orElseThrow();

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

        assertThat(rule.evaluate(attached, Partition.AWS, null)).isEmpty();
    }

    @Test
    void matchesTheCniPolicyOfTheAccountsPartitionOnly() {
        assertThat(rule.evaluate(List.of(CNI), Partition.AWS_CN, null)).isEmpty();
        assertThat(rule.evaluate(List.of("arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy"), Partition.AWS_CN, null))
                .isPresent();
        assertThat(rule.evaluate(List.of("arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy"), Partition.AWS_US_GOV, null))
                .isPresent();
        assertThat(rule.evaluate(List.of("arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy"), Partition.AWS, null))
                .isEmpty();
    }
}

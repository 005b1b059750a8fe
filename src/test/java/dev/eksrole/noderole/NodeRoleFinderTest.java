package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeRoleFinderTest {

    private final NodeRoleFinder finder = new NodeRoleFinder(NodeRolePatterns.DEFAULT);

    @ParameterizedTest
    @ValueSource(strings = {
        "AmazonEKSNodeRole",
        "eks-node-group-instance-role-NodeInstanceRole-1AB2",
        "myeksnoderole",
        "EKSNODEROLE",
        "NodeInstanceRole",
        "nodeinstancerole-prod",
        "prod-eksNodeRole-eu-west-1",
    })
    void findsRolesWhoseNameContainsAPatternInAnyCase(String name) {
        assertThat(names(finder.find(roles(name), Set.of()))).containsExactly(name);
    }

    @Test
    void findsRolesWithTheWorkerPolicyWhateverTheirName() {
        List<IamRole> roles = roles("k8s-workers", "platform-compute");

        assertThat(names(finder.find(roles, Set.of("k8s-workers")))).containsExactly("k8s-workers");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AWSServiceRoleForAmazonEKS",
        "eks-cluster-role",
        "eksNode",
        "NodeRole",
        "InstanceRole",
        "eks-node-role",
        "Node-Instance-Role",
    })
    void excludesRolesThatNeitherMatchAPatternNorCarryTheWorkerPolicy(String name) {
        assertThat(finder.find(roles(name), Set.of("someone-else"))).isEmpty();
    }

    @Test
    void ignoresWorkerPolicyHoldersThatAreNotInTheRoleListing() {
        assertThat(finder.find(roles("ci-runner"), Set.of("deleted-meanwhile"))).isEmpty();
    }

    @Test
    void listsARoleOnceWhenItBothMatchesAPatternAndCarriesTheWorkerPolicy() {
        List<IamRole> found = finder.find(roles("AmazonEKSNodeRole"), Set.of("AmazonEKSNodeRole"));

        assertThat(names(found)).containsExactly("AmazonEKSNodeRole");
    }

    @Test
    void usesConfiguredPatternsInsteadOfTheDefaults() {
        NodeRoleFinder custom = new NodeRoleFinder(new NodeRolePatterns(List.of("k8s-worker", "Karpenter")));
        List<IamRole> roles = roles("prod-K8S-Worker-role", "KarpenterNodeRole-prod", "AmazonEKSNodeRole", "web");

        assertThat(names(custom.find(roles, Set.of()))).containsExactly("KarpenterNodeRole-prod", "prod-K8S-Worker-role");
    }

    @Test
    void configuredPatternsStillAddRolesWithTheWorkerPolicy() {
        NodeRoleFinder custom = new NodeRoleFinder(new NodeRolePatterns(List.of("k8s-worker")));

        assertThat(names(custom.find(roles("AmazonEKSNodeRole", "k8s-worker-a"), Set.of("AmazonEKSNodeRole"))))
                .containsExactly("AmazonEKSNodeRole", "k8s-worker-a");
    }

    @Test
    void returnsNodeRolesSortedByName() {
        List<IamRole> roles = roles("zeta-NodeInstanceRole", "web-frontend", "alpha-eksNodeRole", "gpu-pool", "middle-NodeInstanceRole");

        List<IamRole> found = finder.find(roles, Set.of("gpu-pool"));

        assertThat(names(found)).containsExactly("alpha-eksNodeRole", "gpu-pool", "middle-NodeInstanceRole", "zeta-NodeInstanceRole");
    }

    @Test
    void keepsTheRolesAsListed() {
        IamRole role = new IamRole("AmazonEKSNodeRole", "arn:aws:iam::111111111111:role/eks/AmazonEKSNodeRole", "/eks/", "{}");

        assertThat(finder.find(List.of(role), Set.of())).containsExactly(role);
    }

    @Test
    void findsNothingInAnEmptyAccount() {
        assertThat(finder.find(List.of(), Set.of())).isEmpty();
    }

    @Test
    void defaultPatternsAreEksNodeRoleAndNodeInstanceRole() {
        assertThat(finder.patterns()).isEqualTo(NodeRolePatterns.DEFAULT);
        assertThat(NodeRolePatterns.DEFAULT.fragments()).containsExactly("eksNodeRole", "NodeInstanceRole");
    }

    @Test
    void rejectsAnEmptyOrBlankPatternList() {
        assertThatIllegalArgumentException().isThrownBy(() -> new NodeRolePatterns(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new NodeRolePatterns(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new NodeRolePatterns(List.of("eksNodeRole", " ")));
        assertThatIllegalArgumentException().isThrownBy(() -> new NodeRolePatterns(Arrays.asList("eksNodeRole", null)));
    }

    @Test
    void patternListCannotBeChangedFromOutside() {
        List<String> fragments = new ArrayList<>(List.of("eksNodeRole"));
        NodeRolePatterns patterns = new NodeRolePatterns(fragments);

        fragments.add("web");

        assertThat(patterns.matches("web")).isFalse();
    }

    private static List<IamRole> roles(String... names) {
        return Arrays.stream(names)
                .map(n -> new IamRole(n, "arn:aws:iam::111111111111:role/" + n, "/", TrustDocuments.documented(Partition.AWS)))
                .toList();
    }

    private static List<String> names(List<IamRole> roles) {
        return roles.stream().map(IamRole::name).toList();
    }
}

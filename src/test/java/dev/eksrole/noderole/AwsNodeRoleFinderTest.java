package dev.eksrole.noderole;

import static dev.eksrole.noderole.TrustDocuments.AWS_NODE_SUBJECT;
import static dev.eksrole.noderole.TrustDocuments.OIDC_PROVIDER_ARN;
import static dev.eksrole.noderole.TrustDocuments.irsa;
import static dev.eksrole.noderole.TrustDocuments.irsaForAwsNode;
import static dev.eksrole.noderole.TrustDocuments.irsaStatement;
import static dev.eksrole.noderole.TrustDocuments.podIdentity;
import static dev.eksrole.noderole.TrustDocuments.withStatements;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsNodeRoleFinderTest {

    private final AwsNodeRoleFinder finder = new AwsNodeRoleFinder();

    @Test
    void findsAnIrsaRoleWhoseTrustNamesTheAwsNodeServiceAccount() {
        IamRole irsa = role("eks-aws-node-irsa", irsaForAwsNode());

        assertThat(finder.find(List.of(irsa))).contains(irsa);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "system:serviceaccount:kube-system:aws-*",
        "system:serviceaccount:kube-system:*",
        "system:serviceaccount:*:aws-node",
        "system:serviceaccount:kube-system:aws-nod?",
        "*",
    })
    void aStringLikePatternThatCoversAwsNodeCounts(String pattern) {
        assertThat(finder.find(List.of(role("cni-irsa", irsa("Allow", "StringLike", pattern))))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "system:serviceaccount:kube-system:ebs-*",
        "system:serviceaccount:default:*",
        "system:serviceaccount:kube-system:aws-node-?",
    })
    void aStringLikePatternThatMissesAwsNodeDoesNotCount(String pattern) {
        assertThat(finder.find(List.of(role("other-irsa", irsa("Allow", "StringLike", pattern))))).isEmpty();
    }

    @Test
    void aWildcardUnderStringEqualsIsLiteralAndDoesNotCount() {
        IamRole role = role("cni-irsa", irsa("Allow", "StringEquals", "system:serviceaccount:kube-system:aws-*"));

        assertThat(finder.find(List.of(role))).isEmpty();
    }

    @Test
    void findsAPodIdentityRole() {
        IamRole podIdentity = role("eks-pod-identity-cni", podIdentity("Allow"));

        assertThat(finder.find(List.of(podIdentity))).contains(podIdentity);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "system:serviceaccount:kube-system:ebs-csi-controller-sa",
        "system:serviceaccount:default:aws-node",
        "system:serviceaccount:kube-system:aws-node-termination-handler",
    })
    void anIrsaRoleForAnotherServiceAccountDoesNotCount(String subject) {
        assertThat(finder.find(List.of(role("ebs-csi", irsa("Allow", "StringEquals", subject))))).isEmpty();
    }

    @Test
    void anIrsaDenyStatementForAwsNodeDoesNotCount() {
        assertThat(finder.find(List.of(role("blocked", irsa("Deny", "StringEquals", AWS_NODE_SUBJECT))))).isEmpty();
    }

    @Test
    void aPodIdentityDenyStatementDoesNotCount() {
        assertThat(finder.find(List.of(role("blocked", podIdentity("Deny"))))).isEmpty();
    }


    @Test
    void anAllowForAwsNodeThatADenyOverridesDoesNotCount() {
        String allow = irsaStatement("Allow", "StringEquals", AWS_NODE_SUBJECT);
        String deny = """
                {"Effect": "Deny", "Principal": {"Federated": "%s"}, "Action": "sts:AssumeRoleWithWebIdentity"}
                """.formatted(OIDC_PROVIDER_ARN);

        assertThat(finder.find(List.of(role("allowed-then-denied", withStatements(allow, deny))))).isEmpty();
    }

    @Test
    void anOidcTrustForAwsNodeNeedsTheWebIdentityAction() {
        String trust = withStatements("""
                {"Effect": "Allow", "Principal": {"Federated": "%s"}, "Action": "sts:AssumeRole",
                 "Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "%s"}}}
                """.formatted(OIDC_PROVIDER_ARN, AWS_NODE_SUBJECT));

        assertThat(finder.find(List.of(role("wrong-action", trust)))).isEmpty();
    }

    @Test
    void aFederatedPrincipalThatIsNotAnOidcProviderDoesNotCount() {
        String trust = withStatements("""
                {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/corp"},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "%s"}}}
                """.formatted(AWS_NODE_SUBJECT));

        assertThat(finder.find(List.of(role("saml", trust)))).isEmpty();
    }

    @Test
    void theAwsNodeSubjectAmongSeveralValuesCounts() {
        String trust = withStatements("""
                {"Effect": "Allow", "Principal": {"Federated": "%s"}, "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":
                   ["system:serviceaccount:kube-system:coredns", "%s"]}}}
                """.formatted(OIDC_PROVIDER_ARN, AWS_NODE_SUBJECT));

        assertThat(finder.find(List.of(role("shared", trust)))).isPresent();
    }

    @Test
    void anAudienceConditionAloneAdmitsEveryServiceAccountAwsNodeIncluded() {
        String trust = withStatements("""
                {"Effect": "Allow", "Principal": {"Federated": "%s"}, "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com"}}}
                """.formatted(OIDC_PROVIDER_ARN));

        assertThat(finder.find(List.of(role("aud-only", trust)))).isPresent();
    }

    @Test
    void aStringNotEqualsOnTheSubjectThatExcludesAwsNodeDoesNotCount() {
        String trust = withStatements("""
                {"Effect": "Allow", "Principal": {"Federated": "%s"}, "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringNotEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "%s"}}}
                """.formatted(OIDC_PROVIDER_ARN, AWS_NODE_SUBJECT));

        assertThat(finder.find(List.of(role("not-aws-node", trust)))).isEmpty();
    }

    @Test
    void forAnyValueAndIgnoreCaseOperatorsOnTheSubjectCount() {
        String trust = withStatements("""
                {"Effect": "Allow", "Principal": {"Federated": "%s"}, "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"ForAnyValue:StringEqualsIgnoreCase": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:SUB":
                   "SYSTEM:SERVICEACCOUNT:KUBE-SYSTEM:AWS-NODE"}}}
                """.formatted(OIDC_PROVIDER_ARN));

        assertThat(finder.find(List.of(role("loud", trust)))).isPresent();
    }

    @Test
    void anEc2TrustedRoleDoesNotServeAwsNode() {
        assertThat(finder.find(List.of(role("AmazonEKSNodeRole", TrustDocuments.documented(Partition.AWS))))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{\"Version\": \"2012-10-17\"}"})
    void anUnreadableTrustDoesNotServeAwsNode(String trust) {
        assertThat(finder.find(List.of(role("broken", trust)))).isEmpty();
    }

    @Test
    void readsTrustDocumentsUrlEncodedAsIamReturnsThem() {
        IamRole encoded = role("encoded", TrustDocuments.urlEncoded(irsaForAwsNode()));

        assertThat(finder.find(List.of(encoded))).contains(encoded);
    }

    @Test
    void picksTheFirstServingRoleByNameAmongSeveral() {
        IamRole zeta = role("zeta-cni", podIdentity("Allow"));
        IamRole other = role("alpha-ebs", irsa("Allow", "StringEquals", "system:serviceaccount:kube-system:ebs-csi-controller-sa"));
        IamRole beta = role("beta-cni", irsaForAwsNode());

        assertThat(finder.find(List.of(zeta, other, beta))).contains(beta);
    }

    @Test
    void findsNothingAmongNoCandidates() {
        assertThat(finder.find(List.of())).isEmpty();
    }

    private static IamRole role(String name, String trust) {
        return new IamRole(name, "arn:aws:iam::111111111111:role/" + name, "/", trust);
    }
}

package dev.eksrole.noderole;

import dev.eksrole.noderole.TrustPolicy.Effect;
import dev.eksrole.noderole.TrustPolicy.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a role that gives the VPC CNI's {@code aws-node} service account its rights: one trusted
 * through an EKS OIDC provider for {@code system:serviceaccount:kube-system:aws-node} (IRSA), or by
 * {@code pods.eks.amazonaws.com} (EKS Pod Identity).
 */
public final class AwsNodeRoleFinder {

    static final String AWS_NODE_SUBJECT = "system:serviceaccount:kube-system:aws-node";
    static final String POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

    /** @param candidates roles that have AmazonEKS_CNI_Policy attached */
    public Optional<IamRole> find(Collection<IamRole> candidates) {
        return candidates.stream()
                .filter(AwsNodeRoleFinder::servesAwsNode)
                .min(Comparator.comparing(IamRole::name));
    }

    static boolean servesAwsNode(IamRole role) {
        return TrustPolicy.parse(role.trustDocument())
                .map(trust -> trust.statements().stream().anyMatch(AwsNodeRoleFinder::letsAwsNodeIn))
                .orElse(false);
    }

    private static boolean letsAwsNodeIn(Statement statement) {
        if (statement.effect() != Effect.ALLOW || statement.negatedPrincipal()) {
            return false;
        }
        if (statement.principalValues("Service").contains(POD_IDENTITY_PRINCIPAL)
                && statement.coversAction("sts:AssumeRole")) {
            return true;
        }
        boolean oidc = statement.principalValues("Federated").stream().anyMatch(p -> p.contains(":oidc-provider/"));
        return oidc && statement.coversAction("sts:AssumeRoleWithWebIdentity") && subjectIsAwsNode(statement);
    }

    private static boolean subjectIsAwsNode(Statement statement) {
        for (Map.Entry<String, Map<String, Set<String>>> operator : statement.conditions().entrySet()) {
            boolean like = operator.getKey().startsWith("StringLike");
            boolean equals = operator.getKey().startsWith("StringEquals");
            if (!like && !equals) {
                continue;
            }
            for (Map.Entry<String, Set<String>> key : operator.getValue().entrySet()) {
                if (!key.getKey().endsWith(":sub")) {
                    continue;
                }
                for (String value : key.getValue()) {
                    if (equals ? value.equals(AWS_NODE_SUBJECT) : TrustPolicy.globMatches(value, AWS_NODE_SUBJECT)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

package dev.eksrole.noderole;

import dev.eksrole.noderole.TrustPolicy.Effect;
import dev.eksrole.noderole.TrustPolicy.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a role that gives the VPC CNI's {@code aws-node} service account its rights: one trusted
 * through an EKS OIDC provider for {@code system:serviceaccount:kube-system:aws-node} (IRSA), or by
 * {@code pods.eks.amazonaws.com} (EKS Pod Identity). Only a trust that really lets aws-node in
 * counts, since this decides whether detaching the CNI policy from a node role is safe.
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
                .map(trust -> trust.statements().stream()
                                .anyMatch(s -> s.effect() == Effect.ALLOW && !s.negatedPrincipal() && appliesToAwsNode(s))
                        // a Deny that may apply wins, whatever its other conditions: better to keep the policy
                        && trust.statements().stream().noneMatch(s -> s.effect() == Effect.DENY && appliesToAwsNode(s)))
                .orElse(false);
    }

    /** Whether the statement speaks of aws-node assuming the role, by IRSA or by Pod Identity. */
    private static boolean appliesToAwsNode(Statement statement) {
        boolean podIdentity = statement.namesPrincipal("Service", POD_IDENTITY_PRINCIPAL) && statement.coversAction("sts:AssumeRole");
        boolean oidc = statement.negatedPrincipal()
                || statement.principalValues("AWS").contains("*")
                || statement.principalValues("Federated").stream().anyMatch(p -> p.contains(":oidc-provider/"));
        boolean irsa = oidc && statement.coversAction("sts:AssumeRoleWithWebIdentity") && subjectAdmitsAwsNode(statement);
        return podIdentity || irsa;
    }

    /**
     * Every condition on the token's {@code sub} must hold for aws-node; a trust with no such
     * condition (only {@code aud}, say) admits every service account of the cluster, aws-node too.
     */
    private static boolean subjectAdmitsAwsNode(Statement statement) {
        for (Map.Entry<String, Map<String, Set<String>>> operator : statement.conditions().entrySet()) {
            String name = operator.getKey().replaceFirst("^For(Any|All)Values:", "").replaceFirst("IfExists$", "");
            if (!name.startsWith("String")) {
                continue;
            }
            boolean negated = name.startsWith("StringNot");
            boolean like = name.contains("Like");
            boolean ignoreCase = name.endsWith("IgnoreCase");
            for (Map.Entry<String, Set<String>> key : operator.getValue().entrySet()) {
                if (!key.getKey().toLowerCase(Locale.ROOT).endsWith(":sub")) {
                    continue;
                }
                boolean matches = key.getValue().stream().anyMatch(value -> like
                        ? TrustPolicy.globMatches(value, AWS_NODE_SUBJECT)
                        : ignoreCase ? value.equalsIgnoreCase(AWS_NODE_SUBJECT) : value.equals(AWS_NODE_SUBJECT));
                if (matches == negated) {
                    return false;
                }
            }
        }
        return true;
    }
}

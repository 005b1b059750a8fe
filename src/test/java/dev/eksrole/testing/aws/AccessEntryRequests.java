package dev.eksrole.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What EKS checks before it creates an access entry, with its wording where it is known. */
final class AccessEntryRequests {

    private AccessEntryRequests() {
    }

    static FakeCluster.AccessEntry create(FakeAws aws, FakeAccount account, FakeCluster cluster, JsonNode in) {
        String principalArn = text(in, "principalArn");
        if (principalArn == null) {
            throw invalid(cluster, "principalArn must not be null.");
        }
        String type = text(in, "type");
        if (type == null) {
            type = "STANDARD";
        }
        if (!FakeCluster.ACCESS_ENTRY_TYPES.contains(type)) {
            throw invalid(cluster, "The type " + type + " is not valid. Valid types are "
                    + String.join(", ", FakeCluster.ACCESS_ENTRY_TYPES) + ".");
        }
        List<String> groups = new ArrayList<>();
        if (in.has("kubernetesGroups") && in.get("kubernetesGroups").isArray()) {
            in.get("kubernetesGroups").forEach(g -> groups.add(g.asText()));
        }
        String username = text(in, "username");
        boolean node = FakeCluster.NODE_TYPES.contains(type);
        // EKS documents that node types take no Kubernetes groups; its exact wording for this refusal is not
        // published, so this message is the fake's own
        if (node && !groups.isEmpty()) {
            throw invalid(cluster, "Kubernetes groups cannot be specified for access entries of type " + type + ".");
        }
        if (!node) {
            for (String group : groups) {
                if (group.startsWith("system:")) {
                    throw invalid(cluster, "The kubernetes group name " + group + " is invalid, it cannot start with system:");
                }
            }
            if (username != null && username.startsWith("system:")) {
                throw invalid(cluster, "The username must not begin with system:");
            }
        }
        String canonical = existingPrincipal(aws, account, cluster, principalArn, node);
        return cluster.createAccessEntry(canonical, type, username, groups, EksJson.tags(in.get("tags")),
                text(in, "clientRequestToken"));
    }

    /**
     * The principal's ARN as IAM spells it; InvalidParameterException unless it is a role (or, for
     * {@code STANDARD} entries, a role or user) that exists now, as a call over the wire sees IAM. Node
     * entries take only roles of the cluster's own account.
     */
    private static String existingPrincipal(FakeAws aws, FakeAccount account, FakeCluster cluster, String principalArn,
            boolean node) {
        String[] parts = principalArn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || parts[1].isEmpty() || parts[5].isEmpty()) {
            throw invalid(cluster, "The principalArn parameter format is not valid");
        }
        EksApi.EksError invalidPrincipal = invalid(cluster, "The specified principalArn is invalid: invalid principal.");
        String resource = parts[5];
        boolean role = parts[2].equals("iam") && resource.startsWith("role/");
        boolean user = parts[2].equals("iam") && resource.startsWith("user/");
        if (!role && !(user && !node)) {
            throw invalidPrincipal;
        }
        if (role && resource.startsWith("role/aws-service-role/")) {
            throw invalid(cluster, "The caller is not allowed to modify access entries with a principalArn value"
                    + " of a Service Linked Role");
        }
        FakeAccount owner = node
                ? (parts[4].equals(account.accountId()) ? account : null)
                : aws.accountOrNull(parts[4]);
        if (owner == null || !owner.partition().equals(parts[1])) {
            throw invalidPrincipal;
        }
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        if (user) {
            String arn = owner.userArn(name);
            if (arn == null || !FakeCluster.key(arn).equals(FakeCluster.key(principalArn))) {
                throw invalidPrincipal;
            }
            return arn;
        }
        FakeRole found;
        try {
            found = owner.visibleRole(name, aws.now());
        } catch (AwsError e) {
            throw invalidPrincipal;
        }
        // EKS matches the whole ARN, path included (unlike aws-auth, which wants it without the path)
        if (!FakeCluster.key(found.arn()).equals(FakeCluster.key(principalArn))) {
            throw invalidPrincipal;
        }
        return found.arn();
    }

    private static EksApi.EksError invalid(FakeCluster cluster, String message) {
        return new EksApi.EksError(400, "InvalidParameterException", message).with("clusterName", cluster.name());
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

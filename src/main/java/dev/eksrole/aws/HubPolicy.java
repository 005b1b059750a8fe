package dev.eksrole.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.Partition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The least-privilege IAM policy of each hub identity: {@code sts:AssumeRole} on exactly the access
 * roles of the configured accounts it assumes. Accounts whose roles are assumed with other credentials
 * (another partition's, through their {@code profile}) get a policy of their own, so that no identity
 * is allowed more than its share.
 *
 * @param partition the partition of the identity and of every role it may assume
 * @param profile the AWS profile whose credentials the identity is, {@code null} for the default chain
 * @param accounts the configured accounts it assumes roles in, in config order
 */
public record HubPolicy(Partition partition, String profile, List<Account> accounts) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public HubPolicy {
        accounts = List.copyOf(accounts);
    }

    /** One policy per identity (partition and profile), in the order the config first names them. */
    public static List<HubPolicy> forAccounts(List<Account> configured) {
        record Identity(Partition partition, String profile) {}
        Map<Identity, List<Account>> byIdentity = new LinkedHashMap<>();
        for (Account account : configured) {
            if (account.assumesRole()) {
                byIdentity.computeIfAbsent(new Identity(account.partition(), account.profile()), k -> new ArrayList<>()).add(account);
            }
        }
        List<HubPolicy> policies = new ArrayList<>();
        byIdentity.forEach((identity, accounts) -> policies.add(new HubPolicy(identity.partition(), identity.profile(), accounts)));
        return policies;
    }

    /** The role ARNs exactly as configured, each once. */
    public List<String> roleArns() {
        Set<String> arns = new LinkedHashSet<>();
        accounts.forEach(a -> arns.add(a.accessRoleArn()));
        return List.copyOf(arns);
    }

    /** The IAM policy document. */
    public ObjectNode document() {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject()
                .put("Sid", "AssumeTheConfiguredEksroleAccessRoles")
                .put("Effect", "Allow")
                .put("Action", "sts:AssumeRole");
        ArrayNode resources = statement.putArray("Resource");
        roleArns().forEach(resources::add);
        return policy;
    }

    /** Who must hold the policy, in words. */
    public String identity() {
        return profile == null
                ? "the hub identity of the default credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, or the pod or instance role "
                        + "eksrole runs as)"
                : "the identity of AWS profile " + profile;
    }

    /**
     * The document's length as IAM counts it against its quotas (no white space): a managed policy
     * holds 6,144 characters, all of a role's inline policies together 10,240.
     */
    public int size() {
        return document().toString().length();
    }
}

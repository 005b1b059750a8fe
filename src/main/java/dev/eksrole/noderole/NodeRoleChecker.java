package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one account against the six rules, reading no more than the answer needs: one listing of
 * the roles, one listing of the worker policy's roles, one listing of attached policies per node
 * role, and the CNI policy's roles only when some node role carries it.
 */
public final class NodeRoleChecker {

    private final AccountAccess access;
    private final NodeRoleFinder nodeRoleFinder;
    private final RequiredPoliciesRule requiredPolicies = new RequiredPoliciesRule();
    private final CniPolicyRule cniPolicy = new CniPolicyRule();
    private final AwsNodeRoleFinder awsNodeRoleFinder = new AwsNodeRoleFinder();
    private final TrustPolicyRule trustPolicy = new TrustPolicyRule();

    public NodeRoleChecker(AccountAccess access, NodeRolePatterns patterns) {
        this.access = requireNonNull(access, "access");
        this.nodeRoleFinder = new NodeRoleFinder(requireNonNull(patterns, "patterns"));
    }

    public AccountReport check(Account account, String requester) {
        AccountReader reader;
        try {
            reader = access.open(account, requester);
        } catch (AccountAccessException e) {
            // Rule 1: without access nothing else can be known.
            return new AccountReport(account, List.of(e.finding()), List.of());
        }
        try (reader) {
            return check(account, reader);
        } catch (IamReadException e) {
            return new AccountReport(account, List.of(e.finding()), List.of());
        }
    }

    private AccountReport check(Account account, AccountReader reader) {
        Partition partition = account.partition();
        List<IamRole> roles = reader.listRoles();
        Set<String> workerRoleNames = reader.roleNamesWithPolicy(ManagedPolicy.WORKER_NODE.arn(partition));
        List<IamRole> nodeRoles = nodeRoleFinder.find(roles, workerRoleNames);

        Map<IamRole, List<String>> attached = new LinkedHashMap<>();
        for (IamRole role : nodeRoles) {
            try {
                attached.put(role, reader.attachedPolicyArns(role.name()));
            } catch (IamReadException e) {
                if (!e.entityMissing()) {
                    throw e;
                }
                // deleted since ListRoles: it is no longer a node role of this account
            }
        }
        if (attached.isEmpty()) {
            return new AccountReport(account, List.of(new Finding.NoNodeRole(nodeRoleFinder.patterns().fragments())), List.of());
        }

        Set<String> cniRoleNames = attached.values().stream().anyMatch(p -> cniPolicy.applies(p, partition))
                ? reader.roleNamesWithPolicy(ManagedPolicy.CNI.arn(partition))
                : Set.of();

        List<RoleReport> reports = new ArrayList<>();
        for (Map.Entry<IamRole, List<String>> entry : attached.entrySet()) {
            IamRole role = entry.getKey();
            List<String> policies = entry.getValue();
            List<Finding> findings = new ArrayList<>(requiredPolicies.evaluate(policies, partition));
            String awsNodeRole = awsNodeRoleFinder
                    .find(roles.stream().filter(r -> cniRoleNames.contains(r.name()) && !r.name().equals(role.name())).toList())
                    .map(IamRole::name)
                    .orElse(null);
            cniPolicy.evaluate(policies, partition, awsNodeRole).ifPresent(findings::add);
            trustPolicy.evaluate(role.trustDocument(), partition).ifPresent(findings::add);
            reports.add(new RoleReport(role.name(), role.arn(), policies, role.trustDocument(), findings));
        }
        return new AccountReport(account, List.of(), reports);
    }
}

package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one account against the six rules, reading no more than the answer needs: one listing of
 * the roles, one listing of the worker policy's roles, one listing of attached policies per node
 * role, and the CNI policy's roles only when some node role carries it. A verdict that would lead to
 * a fix is confirmed first by a second, independent read (see {@link ReadingConsistency}): the ECR
 * policies' listings when one is missing, IAM's attachment count when no node role is found.
 */
public final class NodeRoleChecker {

    /** Readings of one account that contradict themselves are read again, up to this many times in all. */
    static final int READ_ATTEMPTS = 3;

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
            return checkConsistently(account, reader);
        } catch (IamReadException e) {
            return new AccountReport(account, List.of(e.finding()), List.of());
        } catch (ReadingConsistency.Inconsistent e) {
            return new AccountReport(account, List.of(e.finding()), List.of());
        }
    }

    /**
     * An account that changes while it is read (a fix being applied, someone in the console) gives a
     * reading that contradicts itself; read again, a little later. A reading that still does not add
     * up after that is not a moment's change but a broken answer.
     */
    private AccountReport checkConsistently(Account account, AccountReader reader) {
        for (int attempt = 1; ; attempt++) {
            try {
                return check(account, reader);
            } catch (ReadingConsistency.Inconsistent e) {
                if (attempt >= READ_ATTEMPTS) {
                    throw e;
                }
                pause(Duration.ofMillis(200L * attempt));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadingConsistency.Inconsistent("the check was interrupted while reading the account again");
        }
    }

    private AccountReport check(Account account, AccountReader reader) {
        Partition partition = account.partition();
        String workerArn = ManagedPolicy.WORKER_NODE.arn(partition);
        List<IamRole> roles = reader.listRoles();
        ReadingConsistency.requireAccessRoleListed(account, roles);
        Set<String> workerRoleNames = reader.roleNamesWithPolicy(workerArn);
        ReadingConsistency.requireHoldersListed(ManagedPolicy.WORKER_NODE, workerRoleNames, roles);
        List<IamRole> nodeRoles = nodeRoleFinder.find(roles, workerRoleNames);

        Map<IamRole, List<String>> attached = new LinkedHashMap<>();
        for (IamRole role : nodeRoles) {
            try {
                List<String> policies = reader.attachedPolicyArns(role.name());
                ReadingConsistency.requireAgreement(role.name(), policies, ManagedPolicy.WORKER_NODE, workerArn, workerRoleNames);
                attached.put(role, policies);
            } catch (IamReadException e) {
                if (!e.entityMissing()) {
                    throw e;
                }
                // deleted since ListRoles: it is no longer a node role of this account
            }
        }
        if (attached.isEmpty()) {
            // the one verdict whose fix creates a role: IAM's own count must confirm that no role holds the policy
            ReadingConsistency.requireHoldersComplete(ManagedPolicy.WORKER_NODE, reader.attachmentCount(workerArn), workerRoleNames);
            return new AccountReport(account, List.of(new Finding.NoNodeRole(nodeRoleFinder.patterns().fragments())), List.of());
        }

        Set<String> cniRoleNames = Set.of();
        if (attached.values().stream().anyMatch(p -> cniPolicy.applies(p, partition))) {
            String cniArn = ManagedPolicy.CNI.arn(partition);
            cniRoleNames = reader.roleNamesWithPolicy(cniArn);
            ReadingConsistency.requireHoldersListed(ManagedPolicy.CNI, cniRoleNames, roles);
            for (Map.Entry<IamRole, List<String>> entry : attached.entrySet()) {
                ReadingConsistency.requireAgreement(entry.getKey().name(), entry.getValue(), ManagedPolicy.CNI, cniArn, cniRoleNames);
            }
        }

        List<RoleReport> reports = new ArrayList<>();
        for (Map.Entry<IamRole, List<String>> entry : attached.entrySet()) {
            IamRole role = entry.getKey();
            List<String> policies = entry.getValue();
            List<Finding> findings = new ArrayList<>(requiredPolicies.evaluate(policies, partition));
            Set<String> cniHolders = cniRoleNames;
            String awsNodeRole = awsNodeRoleFinder
                    .find(roles.stream().filter(r -> cniHolders.contains(r.name()) && !r.name().equals(role.name())).toList())
                    .map(IamRole::name)
                    .orElse(null);
            cniPolicy.evaluate(policies, partition, awsNodeRole).ifPresent(findings::add);
            trustPolicy.evaluate(role.trustDocument(), partition).ifPresent(findings::add);
            reports.add(new RoleReport(role.name(), role.arn(), policies, role.trustDocument(), findings));
        }
        confirmMissingEcrPolicies(reader, partition, reports, roles);
        return new AccountReport(account, List.of(), reports);
    }

    /**
     * A missing ECR policy rests on one read of the role's attachments; before a fix is offered for it,
     * the policies' own listings must agree that the role holds neither.
     */
    private static void confirmMissingEcrPolicies(AccountReader reader, Partition partition, List<RoleReport> reports,
            List<IamRole> roles) {
        List<RoleReport> missing = reports.stream()
                .filter(r -> r.findings().stream().anyMatch(f -> f instanceof Finding.MissingPolicy m
                        && m.policy() == ManagedPolicy.ECR_READ_ONLY))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        for (ManagedPolicy ecr : List.of(ManagedPolicy.ECR_READ_ONLY, ManagedPolicy.ECR_PULL_ONLY)) {
            String arn = ecr.arn(partition);
            Set<String> holders = reader.roleNamesWithPolicy(arn);
            ReadingConsistency.requireHoldersListed(ecr, holders, roles);
            missing.forEach(r -> ReadingConsistency.requireAgreement(r.name(), r.attachedPolicyArns(), ecr, arn, holders));
        }
    }
}

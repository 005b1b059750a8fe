package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the facts of one account, no more than the rules need: one listing of the roles, one listing
 * of the worker policy's roles, one listing of attached policies per node role, and the CNI policy's
 * roles only when some node role carries it. A fact that would lead to a fix is confirmed first by a
 * second, independent read (see {@link ReadingConsistency}): the ECR policies' listings when a node
 * role has neither, IAM's attachment count when no node role is found.
 */
public final class AccountFactsReader {

    /** Readings of one account that contradict themselves are read again, up to this many times in all. */
    static final int READ_ATTEMPTS = 3;

    private final AccountAccess access;
    private final NodeRoleFinder nodeRoleFinder;

    public AccountFactsReader(AccountAccess access, NodeRoleFinder nodeRoleFinder) {
        this.access = requireNonNull(access, "access");
        this.nodeRoleFinder = requireNonNull(nodeRoleFinder, "nodeRoleFinder");
    }

    /** No facts could be had about the account; the finding says why, and nothing more can be known. */
    public static final class NoFactsException extends Exception {

        private final transient Finding finding;

        NoFactsException(Finding finding, Throwable cause) {
            super(finding.detail(), cause);
            this.finding = finding;
        }

        public Finding finding() {
            return finding;
        }
    }

    /**
     * @param requester who asked, so that the account's CloudTrail shows it
     * @throws NoFactsException when eksrole gets no session (rule 1), a read fails, or the reading does not add up
     */
    public AccountFacts read(Account account, String requester) throws NoFactsException {
        AccountReader reader;
        try {
            reader = access.open(account, requester);
        } catch (AccountAccessException e) {
            throw new NoFactsException(e.finding(), e);
        }
        try (reader) {
            return readConsistently(account, reader);
        } catch (IamReadException e) {
            throw new NoFactsException(e.finding(), e);
        } catch (ReadingConsistency.Inconsistent e) {
            throw new NoFactsException(e.finding(), e);
        }
    }

    /**
     * An account that changes while it is read (a fix being applied, someone in the console) gives a
     * reading that contradicts itself; read again, a little later. A reading that still does not add
     * up after that is not a moment's change but a broken answer.
     */
    private AccountFacts readConsistently(Account account, AccountReader reader) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(account, reader);
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

    private AccountFacts readOnce(Account account, AccountReader reader) {
        Partition partition = account.partition();
        String workerArn = ManagedPolicy.WORKER_NODE.arn(partition);
        List<IamRole> roles = reader.listRoles();
        ReadingConsistency.requireAccessRoleListed(account, roles);
        Set<String> workerRoleNames = reader.roleNamesWithPolicy(workerArn);
        ReadingConsistency.requireHoldersListed(ManagedPolicy.WORKER_NODE, workerRoleNames, roles);

        List<NodeRole> nodeRoles = new ArrayList<>();
        for (IamRole role : nodeRoleFinder.find(roles, workerRoleNames)) {
            try {
                List<String> policies = reader.attachedPolicyArns(role.name());
                ReadingConsistency.requireAgreement(role.name(), policies, ManagedPolicy.WORKER_NODE, workerArn, workerRoleNames);
                nodeRoles.add(new NodeRole(role, policies));
            } catch (IamReadException e) {
                if (!e.entityMissing()) {
                    throw e;
                }
                // deleted since ListRoles: it is no longer a node role of this account
            }
        }
        if (nodeRoles.isEmpty()) {
            // the one fact whose fix creates a role: IAM's own count must confirm that no role holds the policy
            ReadingConsistency.requireHoldersComplete(ManagedPolicy.WORKER_NODE, reader.attachmentCount(workerArn), workerRoleNames);
            return new AccountFacts(account, new IamFacts(roles, List.of(), Set.of()));
        }

        Set<String> cniHolders = Set.of();
        if (nodeRoles.stream().anyMatch(r -> ManagedPolicy.CNI.isAmong(r.attachedPolicyArns(), partition))) {
            String cniArn = ManagedPolicy.CNI.arn(partition);
            cniHolders = reader.roleNamesWithPolicy(cniArn);
            ReadingConsistency.requireHoldersListed(ManagedPolicy.CNI, cniHolders, roles);
            for (NodeRole role : nodeRoles) {
                ReadingConsistency.requireAgreement(role.name(), role.attachedPolicyArns(), ManagedPolicy.CNI, cniArn, cniHolders);
            }
        }
        confirmMissingEcrPolicies(reader, partition, nodeRoles, roles);
        return new AccountFacts(account, new IamFacts(roles, nodeRoles, cniHolders));
    }

    /**
     * A missing ECR policy rests on one read of the role's attachments; before a fix is offered for it,
     * the policies' own listings must agree that the role holds neither.
     */
    private static void confirmMissingEcrPolicies(AccountReader reader, Partition partition, List<NodeRole> nodeRoles,
            List<IamRole> roles) {
        List<NodeRole> missing = nodeRoles.stream()
                .filter(r -> !RequiredPoliciesRule.hasEcrPolicy(r.attachedPolicyArns(), partition))
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

package dev.eksrole.noderole;

import static dev.eksrole.noderole.ParallelReads.await;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the facts of one account, no more than the rules need: one listing of the roles, one listing
 * of the worker policy's roles, one listing of attached policies per node role, and the CNI policy's
 * roles only when some node role carries it. Where regions are configured, the clusters there
 * ({@link ClusterFactsReader}, in parallel with the IAM reads), whose roles in use join the node roles,
 * and the instance profiles of each node role. A fact that would lead to a fix is confirmed first by a
 * second, independent read (see {@link ReadingConsistency}): the ECR (and Auto Mode's minimal) policies'
 * listings when a node role lacks them, IAM's attachment count when no node role is found, IAM's own
 * answer for a role in use that ListRoles did not list.
 */
public final class AccountFactsReader {

    /** Readings of one account that contradict themselves are read again, up to this many times in all. */
    static final int READ_ATTEMPTS = 3;
    private static final List<ManagedPolicy> ECR_POLICIES = List.of(ManagedPolicy.ECR_READ_ONLY, ManagedPolicy.ECR_PULL_ONLY);

    private final AccountAccess access;
    private final NodeRoleFinder nodeRoleFinder;
    private final ClusterFactsReader clusterReader;
    private final ParallelReads pool;

    /** @param pool where reads run side by side: EKS's regions and clusters, and IAM's reads that do not wait on each other */
    public AccountFactsReader(AccountAccess access, NodeRoleFinder nodeRoleFinder, ParallelReads pool) {
        this.access = requireNonNull(access, "access");
        this.nodeRoleFinder = requireNonNull(nodeRoleFinder, "nodeRoleFinder");
        this.pool = requireNonNull(pool, "pool");
        this.clusterReader = new ClusterFactsReader(pool);
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
        } catch (SlowEks e) {
            throw new NoFactsException(e.finding, e);
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
        // EKS is read on the pool while this thread reads IAM; the two meet when the node roles are known
        ClusterFactsReader.Reading clusters = account.checksClusters() ? clusterReader.start(reader.clusters(), account.regions()) : null;
        try {
            return readOnce(account, reader, clusters);
        } finally {
            if (clusters != null) {
                clusters.abandon();
            }
        }
    }

    /**
     * Three round trips after the session for an account without surprises: ListRoles beside the worker policy's
     * listing; then every node role's attachments (and instance profiles) at once; then, only when a finding needs
     * confirming or the CNI policy is on a node role, the policies' listings at once. The calls are the same as one
     * after the other; only the waiting overlaps.
     */
    private AccountFacts readOnce(Account account, AccountReader reader, ClusterFactsReader.Reading clusters) {
        Partition partition = account.partition();
        String workerArn = ManagedPolicy.WORKER_NODE.arn(partition);
        CompletableFuture<List<IamRole>> listing = pool.supply(reader::listRoles);
        Set<String> workerRoleNames;
        try {
            workerRoleNames = reader.roleNamesWithPolicy(workerArn);
        } catch (RuntimeException e) {
            // the listing of the roles failing too says more: it is the read everything rests on
            await(listing);
            throw e;
        }
        List<IamRole> roles = await(listing);
        ReadingConsistency.requireAccessRoleListed(account, roles);
        ReadingConsistency.requireHoldersListed(ManagedPolicy.WORKER_NODE, workerRoleNames, roles);
        EksFacts eks = clusters == null ? EksFacts.notChecked() : clusters.await();
        try {
            return readRoles(account, reader, roles, workerRoleNames, eks);
        } catch (IamReadException e) {
            Optional<ClusterFindings.EksReadFailed> slow = eks.timeouts().stream().findFirst();
            if (e.errorCode().equals(Finding.IamReadFailed.TIMEOUT) && slow.isPresent()) {
                // IAM ran out of time because EKS used it up: name what was slow, not the read that came after
                throw new SlowEks(slow.get(), e);
            }
            throw e;
        }
    }

    /** EKS used up the check's deadline, so that IAM reads after it could not be made. */
    private static final class SlowEks extends RuntimeException {
        private final transient ClusterFindings.EksReadFailed finding;

        SlowEks(ClusterFindings.EksReadFailed finding, Throwable cause) {
            super(finding.detail(), cause);
            this.finding = finding;
        }
    }

    private AccountFacts readRoles(Account account, AccountReader reader, List<IamRole> roles, Set<String> workerRoleNames,
            EksFacts eks) {
        Partition partition = account.partition();
        String workerArn = ManagedPolicy.WORKER_NODE.arn(partition);
        Map<String, RoleUse> inUse = eks.rolesInUse();
        confirmMissingRolesInUse(account, reader, eks, roles);

        Set<String> named = new HashSet<>();
        nodeRoleFinder.find(roles, workerRoleNames).forEach(r -> named.add(r.name()));
        List<IamRole> candidates = roles.stream()
                .filter(r -> named.contains(r.name()) || inUse.containsKey(RoleArn.key(r.arn())))
                .sorted(Comparator.comparing(IamRole::name))
                .toList();
        Map<String, CompletableFuture<List<String>>> attachments = new HashMap<>();
        Map<String, CompletableFuture<InstanceProfiles>> profileReads = new HashMap<>();
        for (IamRole role : candidates) {
            attachments.put(role.name(), pool.supply(() -> reader.attachedPolicyArns(role.name())));
            if (account.checksClusters()) {
                profileReads.put(role.name(), pool.supply(() -> instanceProfiles(reader, role)));
            }
        }
        List<NodeRole> nodeRoles = new ArrayList<>();
        for (IamRole role : candidates) {
            RoleUse use = inUse.getOrDefault(RoleArn.key(role.arn()), new RoleUse(false, false, false));
            try {
                List<String> policies = await(attachments.get(role.name()));
                ReadingConsistency.requireAgreement(role.name(), policies, ManagedPolicy.WORKER_NODE, workerArn, workerRoleNames);
                InstanceProfiles profiles = account.checksClusters() ? await(profileReads.get(role.name())) : InstanceProfiles.notRead();
                nodeRoles.add(new NodeRole(role, policies, named.contains(role.name()) ? RoleUse.NAMED.and(use) : use, profiles));
            } catch (IamReadException e) {
                if (!e.entityMissing()) {
                    throw e;
                }
                // deleted since ListRoles: it is no longer a node role of this account
            }
        }
        if (nodeRoles.isEmpty()) {
            if (inUse.isEmpty() && eks.complete()) {
                // the one fact whose fix creates a role: IAM's own count must confirm that no role holds the policy
                ReadingConsistency.requireHoldersComplete(ManagedPolicy.WORKER_NODE, reader.attachmentCount(workerArn), workerRoleNames);
            }
            return new AccountFacts(account, new IamFacts(roles, List.of(), Set.of()), eks);
        }

        // the confirming listings, all at once
        Map<ManagedPolicy, CompletableFuture<Set<String>>> holders = new EnumMap<>(ManagedPolicy.class);
        boolean cniOnANodeRole = nodeRoles.stream().anyMatch(r -> ManagedPolicy.CNI.isAmong(r.attachedPolicyArns(), partition));
        if (cniOnANodeRole) {
            holders.put(ManagedPolicy.CNI, holdersOf(reader, ManagedPolicy.CNI, partition));
        }
        List<NodeRole> missingEcr = missingEcr(partition, nodeRoles);
        if (!missingEcr.isEmpty()) {
            for (ManagedPolicy ecr : ECR_POLICIES) {
                holders.put(ecr, holdersOf(reader, ecr, partition));
            }
        }
        List<NodeRole> missingMinimal = missingMinimal(partition, nodeRoles);
        if (!missingMinimal.isEmpty()) {
            holders.put(ManagedPolicy.WORKER_NODE_MINIMAL, holdersOf(reader, ManagedPolicy.WORKER_NODE_MINIMAL, partition));
        }
        Map<ManagedPolicy, Set<String>> listed = new EnumMap<>(ManagedPolicy.class);
        for (Map.Entry<ManagedPolicy, CompletableFuture<Set<String>>> reading : holders.entrySet()) {
            listed.put(reading.getKey(), await(reading.getValue()));
        }
        Set<String> cniHolders = Set.of();
        if (cniOnANodeRole) {
            String cniArn = ManagedPolicy.CNI.arn(partition);
            cniHolders = listed.get(ManagedPolicy.CNI);
            ReadingConsistency.requireHoldersListed(ManagedPolicy.CNI, cniHolders, roles);
            for (NodeRole role : nodeRoles) {
                ReadingConsistency.requireAgreement(role.name(), role.attachedPolicyArns(), ManagedPolicy.CNI, cniArn, cniHolders);
            }
        }
        for (ManagedPolicy ecr : missingEcr.isEmpty() ? List.<ManagedPolicy>of() : ECR_POLICIES) {
            confirmMissing(ecr, partition, missingEcr, listed.get(ecr), roles);
        }
        if (!missingMinimal.isEmpty()) {
            confirmMissing(ManagedPolicy.WORKER_NODE_MINIMAL, partition, missingMinimal, listed.get(ManagedPolicy.WORKER_NODE_MINIMAL), roles);
        }
        return new AccountFacts(account, new IamFacts(roles, nodeRoles, cniHolders), eks);
    }

    private CompletableFuture<Set<String>> holdersOf(AccountReader reader, ManagedPolicy policy, Partition partition) {
        String arn = policy.arn(partition);
        return pool.supply(() -> reader.roleNamesWithPolicy(arn));
    }

    /** The instance profiles holding a role; a failure is the role's to show (rule 7 cannot be judged), not the account's. */
    private static InstanceProfiles instanceProfiles(AccountReader reader, IamRole role) {
        try {
            return new InstanceProfiles.Listed(reader.instanceProfileNames(role.name()));
        } catch (IamReadException e) {
            if (e.entityMissing()) {
                throw e;
            }
            return new InstanceProfiles.Unreadable(e.finding());
        }
    }

    /**
     * A role a cluster uses that ListRoles did not list leads to a fix that creates it, so IAM must confirm
     * it is missing: ListAttachedRolePolicies by its name answers NoSuchEntity. (A role of that name at
     * another path was listed, and the ARN in use still names no role.)
     */
    private static void confirmMissingRolesInUse(Account account, AccountReader reader, EksFacts eks, List<IamRole> roles) {
        Set<String> listedArns = new HashSet<>();
        Set<String> listedNames = new HashSet<>();
        roles.forEach(r -> {
            listedArns.add(RoleArn.key(r.arn()));
            listedNames.add(RoleArn.key(r.name()));
        });
        for (Map.Entry<String, String> inUse : eks.arnsInUse().entrySet()) {
            if (listedArns.contains(inUse.getKey())) {
                continue;
            }
            var arn = RoleArn.parse(inUse.getValue()).filter(a -> a.isIn(account) && !listedNames.contains(RoleArn.key(a.name())));
            if (arn.isEmpty()) {
                continue;
            }
            try {
                reader.attachedPolicyArns(arn.get().name());
            } catch (IamReadException e) {
                if (e.entityMissing()) {
                    continue;
                }
                throw e;
            }
            throw ReadingConsistency.roleInUseAnswers(inUse.getValue(), roles.size());
        }
    }

    /** Roles only Auto Mode uses, without the minimal or full worker policy: the minimal policy's holders must agree. */
    private static List<NodeRole> missingMinimal(Partition partition, List<NodeRole> nodeRoles) {
        return nodeRoles.stream()
                .filter(r -> r.use().autoModeOnly() && !AutoModePoliciesRule.hasWorkerPolicy(r.attachedPolicyArns(), partition))
                .toList();
    }

    /**
     * Roles without an ECR policy: a missing policy rests on one read of the role's attachments; before a fix is
     * offered for it, the policies' own listings must agree that the role holds neither.
     */
    private static List<NodeRole> missingEcr(Partition partition, List<NodeRole> nodeRoles) {
        return nodeRoles.stream()
                .filter(r -> !RequiredPoliciesRule.hasEcrPolicy(r.attachedPolicyArns(), partition))
                .toList();
    }

    private static void confirmMissing(ManagedPolicy policy, Partition partition, List<NodeRole> missing, Set<String> holders,
            List<IamRole> roles) {
        String arn = policy.arn(partition);
        ReadingConsistency.requireHoldersListed(policy, holders, roles);
        missing.forEach(r -> ReadingConsistency.requireAgreement(r.name(), r.attachedPolicyArns(), policy, arn, holders));
    }
}

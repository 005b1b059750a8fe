package dev.eksrole.demo;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountReader;
import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.ClusterFacts;
import dev.eksrole.noderole.ClusterReader;
import dev.eksrole.noderole.EksReadException;
import dev.eksrole.noderole.IamReadException;
import dev.eksrole.noderole.IamRole;
import dev.eksrole.noderole.IamWriteException;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.RoleArn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One account of the simulated organisation, in memory: its IAM roles with their trust and attached managed policies,
 * its instance profiles, and its EKS clusters with their node groups and access entries. It answers the domain's
 * reader and writer ports the way IAM and EKS would, so that a fix the demo applies shows up in the next check.
 * Thread-safe: every read and write holds the account's lock.
 */
final class SimulatedAccount {

    private final String id;
    private final String name;
    private final Partition partition;
    private final String description;
    private final Map<String, Role> roles = new LinkedHashMap<>();
    /** Instance profile name to the names of the roles it holds (IAM allows one). */
    private final Map<String, Set<String>> instanceProfiles = new LinkedHashMap<>();
    private final List<Cluster> clusters = new ArrayList<>();

    /** A role as this account keeps it; the policies are attached managed policy ARNs. */
    private static final class Role {
        final String name;
        final String path;
        String trust;
        final Set<String> policies = new LinkedHashSet<>();

        Role(String name, String path, String trust) {
            this.name = name;
            this.path = path;
            this.trust = trust;
        }
    }

    /** A cluster: its description, node groups and access entries, keyed by principal ({@link RoleArn#key}). */
    private record Cluster(String region, ClusterFacts.Description description, List<ClusterFacts.Nodegroup> nodegroups,
            Map<String, ClusterFacts.AccessEntry> entries) {}

    SimulatedAccount(String id, String name, Partition partition, String description) {
        this.id = requireNonNull(id, "id");
        this.name = requireNonNull(name, "name");
        this.partition = requireNonNull(partition, "partition");
        this.description = requireNonNull(description, "description");
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    Partition partition() {
        return partition;
    }

    /** One line the page shows beside the account: what is wrong with it, or that nothing is. */
    String description() {
        return description;
    }

    String roleArn(String roleName) {
        return partition.roleArn(id, "/", roleName);
    }

    /** Adds a role at path {@code /} with these managed policies (by name) attached. */
    synchronized SimulatedAccount role(String roleName, String trust, String... policyNames) {
        Role role = new Role(roleName, "/", trust);
        for (String policy : policyNames) {
            role.policies.add(partition.managedPolicyArn(policy));
        }
        roles.put(roleName, role);
        return this;
    }

    /** Adds an instance profile of the role's name holding the role, as the console's EC2 use case does. */
    synchronized SimulatedAccount instanceProfile(String roleName) {
        instanceProfiles.computeIfAbsent(roleName, n -> new LinkedHashSet<>()).add(roleName);
        return this;
    }

    /**
     * Adds a cluster with one Linux managed node group using {@code nodeRoleName}, and a node access entry for the
     * role only when {@code mapped}.
     */
    synchronized SimulatedAccount cluster(String region, String clusterName, ClusterFacts.AuthenticationMode mode,
            String nodegroup, String nodeRoleName, boolean mapped) {
        String nodeRoleArn = roleArn(nodeRoleName);
        var description = new ClusterFacts.Description(clusterName, roleArn(clusterName + "-cluster-role"), mode, false, null);
        var group = new ClusterFacts.Nodegroup(nodegroup, nodeRoleArn, "AL2023_x86_64_STANDARD", "ACTIVE", List.of());
        Map<String, ClusterFacts.AccessEntry> entries = new LinkedHashMap<>();
        if (mapped && mode != ClusterFacts.AuthenticationMode.CONFIG_MAP) {
            entries.put(RoleArn.key(nodeRoleArn), nodeEntry(nodeRoleArn, "EC2_LINUX"));
        }
        clusters.add(new Cluster(region, description, List.of(group), entries));
        return this;
    }

    /** The account's reads, as the access role would make them. */
    AccountReader reader() {
        return new Reader();
    }

    /** The account's writes, each idempotent as IAM's and EKS's are for a fix. */
    AccountWriter writer() {
        return this::apply;
    }

    private final class Reader implements AccountReader {

        @Override
        public List<IamRole> listRoles() {
            synchronized (SimulatedAccount.this) {
                return roles.values().stream()
                        .map(r -> new IamRole(r.name, partition.roleArn(id, r.path, r.name), r.path, r.trust)).toList();
            }
        }

        @Override
        public Set<String> roleNamesWithPolicy(String policyArn) {
            synchronized (SimulatedAccount.this) {
                Set<String> names = new TreeSet<>();
                roles.values().stream().filter(r -> r.policies.contains(policyArn)).forEach(r -> names.add(r.name));
                return Set.copyOf(names);
            }
        }

        @Override
        public List<String> attachedPolicyArns(String roleName) {
            synchronized (SimulatedAccount.this) {
                return List.copyOf(existing("ListAttachedRolePolicies", roleName).policies);
            }
        }

        @Override
        public int attachmentCount(String policyArn) {
            return roleNamesWithPolicy(policyArn).size();
        }

        @Override
        public List<String> instanceProfileNames(String roleName) {
            synchronized (SimulatedAccount.this) {
                existing("ListInstanceProfilesForRole", roleName);
                return instanceProfiles.entrySet().stream().filter(e -> e.getValue().contains(roleName)).map(Map.Entry::getKey)
                        .toList();
            }
        }

        @Override
        public ClusterReader clusters() {
            return new Clusters();
        }

        private Role existing(String action, String roleName) {
            return roleNamed(roleName)
                    .orElseThrow(() -> new IamReadException(action, "NoSuchEntity", noSuchRole(roleName), null));
        }
    }

    private final class Clusters implements ClusterReader {

        @Override
        public List<String> clusterNames(String region) {
            synchronized (SimulatedAccount.this) {
                return clusters.stream().filter(c -> c.region().equals(region)).map(c -> c.description().name()).toList();
            }
        }

        @Override
        public ClusterFacts.Description describeCluster(String region, String cluster) {
            return find(region, cluster, "DescribeCluster").description();
        }

        @Override
        public List<String> nodegroupNames(String region, String cluster) {
            return find(region, cluster, "ListNodegroups").nodegroups().stream().map(ClusterFacts.Nodegroup::name).toList();
        }

        @Override
        public ClusterFacts.Nodegroup describeNodegroup(String region, String cluster, String nodegroup) {
            return find(region, cluster, "DescribeNodegroup").nodegroups().stream().filter(n -> n.name().equals(nodegroup))
                    .findFirst().orElseThrow(() -> notFound("DescribeNodegroup", region, cluster, "node group " + nodegroup));
        }

        @Override
        public List<String> accessEntryPrincipals(String region, String cluster) {
            synchronized (SimulatedAccount.this) {
                return find(region, cluster, "ListAccessEntries").entries().values().stream()
                        .map(ClusterFacts.AccessEntry::principalArn).toList();
            }
        }

        @Override
        public ClusterFacts.AccessEntry describeAccessEntry(String region, String cluster, String principalArn) {
            synchronized (SimulatedAccount.this) {
                ClusterFacts.AccessEntry entry = find(region, cluster, "DescribeAccessEntry").entries().get(RoleArn.key(principalArn));
                if (entry == null) {
                    throw notFound("DescribeAccessEntry", region, cluster, "access entry for " + principalArn);
                }
                return entry.withPolicies(List.of());
            }
        }

        @Override
        public List<ClusterFacts.AccessPolicy> associatedAccessPolicies(String region, String cluster, String principalArn) {
            synchronized (SimulatedAccount.this) {
                ClusterFacts.AccessEntry entry = find(region, cluster, "ListAssociatedAccessPolicies").entries()
                        .get(RoleArn.key(principalArn));
                return entry == null ? List.of() : entry.policies();
            }
        }

        private Cluster find(String region, String cluster, String operation) {
            synchronized (SimulatedAccount.this) {
                return clusterNamed(region, cluster).orElseThrow(() -> new EksReadException(operation, EksReadException.NOT_FOUND,
                        noSuchCluster(cluster), region, cluster, null));
            }
        }

        private EksReadException notFound(String operation, String region, String cluster, String what) {
            return new EksReadException(operation, EksReadException.NOT_FOUND, "No " + what + " found.", region, cluster, null);
        }
    }

    private synchronized AccountWriter.Outcome apply(PlanStep step) {
        return switch (step.kind()) {
            case CREATE_ROLE -> {
                PlanStep.CreateRole create = (PlanStep.CreateRole) step;
                if (roles.containsKey(create.roleName())) {
                    yield AccountWriter.Outcome.ALREADY_DONE;
                }
                roles.put(create.roleName(), new Role(create.roleName(), create.path(), create.trustJson()));
                yield AccountWriter.Outcome.DONE;
            }
            case ATTACH_POLICY -> {
                PlanStep.AttachPolicy attach = (PlanStep.AttachPolicy) step;
                yield written(writable(attach.roleName()).policies.add(attach.policyArn()));
            }
            case DETACH_POLICY -> {
                PlanStep.DetachPolicy detach = (PlanStep.DetachPolicy) step;
                yield written(writable(detach.roleName()).policies.remove(detach.policyArn()));
            }
            case REPLACE_TRUST -> {
                PlanStep.ReplaceTrust replace = (PlanStep.ReplaceTrust) step;
                Role role = writable(replace.roleName());
                boolean changed = !replace.trustJson().equals(role.trust);
                role.trust = replace.trustJson();
                yield written(changed);
            }
            case CREATE_INSTANCE_PROFILE -> {
                PlanStep.CreateInstanceProfile create = (PlanStep.CreateInstanceProfile) step;
                yield written(instanceProfiles.putIfAbsent(create.profileName(), new LinkedHashSet<>()) == null);
            }
            case ADD_ROLE_TO_INSTANCE_PROFILE -> {
                PlanStep.AddRoleToInstanceProfile add = (PlanStep.AddRoleToInstanceProfile) step;
                writable(add.roleName());
                Set<String> held = instanceProfiles.get(add.profileName());
                if (held == null) {
                    throw new IamWriteException("NoSuchEntity", "Instance Profile " + add.profileName() + " cannot be found.", null);
                }
                if (!held.isEmpty() && !held.contains(add.roleName())) {
                    throw new IamWriteException("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", null);
                }
                yield written(held.add(add.roleName()));
            }
            case CREATE_ACCESS_ENTRY -> {
                PlanStep.CreateAccessEntry create = (PlanStep.CreateAccessEntry) step;
                Cluster cluster = writableCluster(create.region(), create.clusterName());
                String key = RoleArn.key(create.principalArn());
                if (cluster.entries().containsKey(key)) {
                    yield AccountWriter.Outcome.ALREADY_DONE;
                }
                cluster.entries().put(key, nodeEntry(create.principalArn(), create.type()));
                yield AccountWriter.Outcome.DONE;
            }
            case DELETE_ACCESS_ENTRY -> {
                PlanStep.DeleteAccessEntry delete = (PlanStep.DeleteAccessEntry) step;
                Cluster cluster = writableCluster(delete.region(), delete.clusterName());
                String key = RoleArn.key(delete.principalArn());
                ClusterFacts.AccessEntry entry = cluster.entries().get(key);
                // an entry that changed type since the plan is left alone, as the production writer does
                if (entry == null || !entry.type().equals(delete.type())) {
                    yield AccountWriter.Outcome.ALREADY_DONE;
                }
                cluster.entries().remove(key);
                yield AccountWriter.Outcome.DONE;
            }
        };
    }

    private static AccountWriter.Outcome written(boolean changed) {
        return changed ? AccountWriter.Outcome.DONE : AccountWriter.Outcome.ALREADY_DONE;
    }

    private Role writable(String roleName) {
        return roleNamed(roleName).orElseThrow(() -> new IamWriteException("NoSuchEntity", noSuchRole(roleName), null));
    }

    private Cluster writableCluster(String region, String clusterName) {
        return clusterNamed(region, clusterName)
                .orElseThrow(() -> new IamWriteException("ResourceNotFoundException", noSuchCluster(clusterName), null));
    }

    /** The role of this name, if the account has one; the caller holds the lock and says how a missing one fails. */
    private Optional<Role> roleNamed(String roleName) {
        return Optional.ofNullable(roles.get(roleName));
    }

    /** The cluster of this name in the region, if any; the caller holds the lock and says how a missing one fails. */
    private Optional<Cluster> clusterNamed(String region, String clusterName) {
        return clusters.stream().filter(c -> c.region().equals(region) && c.description().name().equals(clusterName)).findFirst();
    }

    private static String noSuchRole(String roleName) {
        return "The role with name " + roleName + " cannot be found.";
    }

    private static String noSuchCluster(String clusterName) {
        return "No cluster found for name: " + clusterName + ".";
    }

    /** The access entry a node role gets: nodes join as themselves, in the group {@code system:nodes}. */
    private static ClusterFacts.AccessEntry nodeEntry(String principalArn, String type) {
        return new ClusterFacts.AccessEntry(principalArn, type, "system:node:{{EC2PrivateDNSName}}", List.of("system:nodes"),
                List.of());
    }
}

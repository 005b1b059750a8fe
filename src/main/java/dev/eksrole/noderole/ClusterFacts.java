package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What EKS said about one cluster, as far as rules 8-12 need it: plain data, read once. A cluster whose
 * reading failed carries only the failure, and its rules judge nothing but that.
 *
 * @param description DescribeCluster's answer, or {@code null} when the cluster could not be read
 * @param nodegroups the managed node groups, by name
 * @param accessEntryPrincipals the principals ListAccessEntries named (keys of {@link RoleArn#key}); none
 *     in {@code CONFIG_MAP} mode, where EKS keeps no access entries
 * @param accessEntries the entries described: those of the roles in use that the listing named (keys of
 *     {@link RoleArn#key})
 * @param failure why the cluster could not be read, or {@code null}
 */
public record ClusterFacts(String region, String name, Description description, List<Nodegroup> nodegroups,
        Set<String> accessEntryPrincipals, Map<String, AccessEntry> accessEntries, ClusterFindings.EksReadFailed failure) {

    /** The access entry types for nodes (rule 10); any other type ({@code STANDARD}, {@code FARGATE_LINUX}...) keeps nodes out. */
    public static final Set<String> NODE_ENTRY_TYPES = Set.of("EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX");

    public enum AuthenticationMode { API, API_AND_CONFIG_MAP, CONFIG_MAP }

    /**
     * DescribeCluster's answer.
     *
     * @param roleArn the cluster's own IAM role
     * @param autoMode whether Auto Mode is on ({@code computeConfig.enabled})
     * @param autoModeNodeRoleArn {@code computeConfig.nodeRoleArn}, or {@code null} (custom node pools only)
     */
    public record Description(String name, String roleArn, AuthenticationMode authenticationMode, boolean autoMode,
            String autoModeNodeRoleArn) {
        public Description {
            requireNonNull(name, "name");
            requireNonNull(authenticationMode, "authenticationMode");
        }
    }

    /** A managed node group as DescribeNodegroup gave it. */
    public record Nodegroup(String name, String nodeRoleArn, String amiType, String status, List<HealthIssue> issues) {
        public Nodegroup {
            requireNonNull(name, "name");
            requireNonNull(nodeRoleArn, "nodeRoleArn");
            issues = List.copyOf(issues);
        }

        /** EKS's Windows AMI types all start so ({@code WINDOWS_CORE_2022_x86_64}...): their nodes need an EC2_WINDOWS entry. */
        public boolean windows() {
            return amiType != null && amiType.startsWith("WINDOWS_");
        }
    }

    /** One of a node group's {@code health.issues}. */
    public record HealthIssue(String code, String message, List<String> resourceIds) {
        public HealthIssue {
            requireNonNull(code, "code");
            resourceIds = List.copyOf(resourceIds);
        }
    }

    /**
     * An access entry as DescribeAccessEntry gave it.
     *
     * @param policies the access policies associated with it: read only for an entry of the wrong type,
     *     whose replacement loses them
     */
    public record AccessEntry(String principalArn, String type, String username, List<String> kubernetesGroups,
            List<AccessPolicy> policies) {
        public AccessEntry {
            requireNonNull(principalArn, "principalArn");
            requireNonNull(type, "type");
            kubernetesGroups = List.copyOf(kubernetesGroups);
            policies = List.copyOf(policies);
        }

        public boolean nodeType() {
            return NODE_ENTRY_TYPES.contains(type);
        }

        public AccessEntry withPolicies(List<AccessPolicy> associated) {
            return new AccessEntry(principalArn, type, username, kubernetesGroups, associated);
        }
    }

    /** An access policy associated with an entry, and its scope: the cluster, or some namespaces. */
    public record AccessPolicy(String policyArn, String scopeType, List<String> namespaces) {
        public AccessPolicy {
            requireNonNull(policyArn, "policyArn");
            namespaces = List.copyOf(namespaces);
        }

        /** {@code AmazonEKSViewPolicy (cluster)}, {@code AmazonEKSEditPolicy (namespaces a, b)}. */
        public String describe() {
            String name = policyArn.substring(policyArn.lastIndexOf('/') + 1);
            return name + (namespaces.isEmpty() ? " (" + (scopeType == null ? "cluster" : scopeType) + ")"
                    : " (namespaces " + String.join(", ", namespaces) + ")");
        }
    }

    /** A role a cluster uses for nodes: a managed node group's, or Auto Mode's ({@code nodegroup} is then {@code null}). */
    public record Use(String roleArn, Nodegroup nodegroup) {
        public String nodegroupName() {
            return nodegroup == null ? null : nodegroup.name();
        }

        public RoleUse asRoleUse() {
            return new RoleUse(false, nodegroup != null, nodegroup == null);
        }
    }

    public ClusterFacts {
        requireNonNull(region, "region");
        requireNonNull(name, "name");
        nodegroups = List.copyOf(nodegroups);
        accessEntryPrincipals = Set.copyOf(accessEntryPrincipals);
        accessEntries = Map.copyOf(accessEntries);
        if (description == null && failure == null) {
            throw new IllegalArgumentException("a cluster is either read or failed");
        }
    }

    /** A cluster that could not be read. */
    public static ClusterFacts unreadable(String region, String name, ClusterFindings.EksReadFailed failure) {
        return new ClusterFacts(region, name, null, List.of(), Set.of(), Map.of(), requireNonNull(failure, "failure"));
    }

    public boolean readable() {
        return failure == null;
    }

    public Subject.Cluster subject() {
        return Subject.cluster(region, name);
    }

    /** Every role the cluster uses for nodes: each node group's, then Auto Mode's. */
    public List<Use> uses() {
        if (!readable()) {
            return List.of();
        }
        List<Use> uses = new ArrayList<>();
        nodegroups.forEach(ng -> uses.add(new Use(ng.nodeRoleArn(), ng)));
        if (description.autoMode() && description.autoModeNodeRoleArn() != null) {
            uses.add(new Use(description.autoModeNodeRoleArn(), null));
        }
        return uses;
    }

    /** The distinct roles in use, by key, each with the first spelling EKS gave. */
    public Map<String, String> rolesInUse() {
        return uses().stream().collect(Collectors.toMap(u -> RoleArn.key(u.roleArn()), Use::roleArn, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    /** The node access entry type a role's nodes need here: EC2 for Auto Mode, EC2_WINDOWS for Windows AMIs, else EC2_LINUX. */
    public String entryTypeFor(String roleArn) {
        String key = RoleArn.key(roleArn);
        List<Use> ofRole = uses().stream().filter(u -> RoleArn.key(u.roleArn()).equals(key)).toList();
        if (ofRole.stream().anyMatch(u -> u.nodegroup() == null)) {
            return "EC2";
        }
        return ofRole.stream().anyMatch(u -> u.nodegroup().windows()) ? "EC2_WINDOWS" : "EC2_LINUX";
    }

    /** The described access entry of a role, if the listing named one. */
    public Optional<AccessEntry> accessEntry(String roleArn) {
        return Optional.ofNullable(accessEntries.get(RoleArn.key(roleArn)));
    }

    public boolean roleIsClusterRole(String roleArn) {
        return readable() && description.roleArn() != null && RoleArn.key(description.roleArn()).equals(RoleArn.key(roleArn));
    }
}

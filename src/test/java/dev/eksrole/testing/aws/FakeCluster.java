package dev.eksrole.testing.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.eks.model.AMITypes;

/**
 * One EKS cluster of a {@link FakeAccount} in one region, with its managed node groups, access entries
 * and the access policies associated with them; what {@code DescribeCluster}, {@code DescribeNodegroup}
 * and the access entry calls answer.
 *
 * <p>Set-up methods change the cluster at once and throw {@link IllegalArgumentException} for values EKS
 * could never hold (an unknown AMI type, authentication mode or access entry type). They do not check
 * that the IAM roles they name exist: a cluster may well name a role that was deleted since. Unlike
 * EKS, the fake creates no access entries by itself (EKS does for managed node groups and Auto Mode
 * in the {@code API} modes): add them with {@link #addAccessEntry} to model that. Thread-safe.
 */
public final class FakeCluster {

    public static final List<String> AUTHENTICATION_MODES = List.of("API", "API_AND_CONFIG_MAP", "CONFIG_MAP");
    public static final List<String> ACCESS_ENTRY_TYPES = List.of(
            "STANDARD", "FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX");
    /** The access entry types for nodes: their principal must be an IAM role and they take no groups. */
    public static final Set<String> NODE_TYPES = Set.of(
            "FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX");

    /** Auto Mode settings as {@code DescribeCluster} shows them in {@code computeConfig}. */
    public record ComputeConfig(boolean enabled, String nodeRoleArn, List<String> nodePools) {
        public ComputeConfig {
            nodePools = List.copyOf(nodePools);
        }
    }

    /** One entry of a node group's {@code health.issues}. */
    public record HealthIssue(String code, String message, List<String> resourceIds) {
        public HealthIssue {
            Objects.requireNonNull(code, "code");
            resourceIds = List.copyOf(resourceIds);
        }
    }

    /** A managed node group as {@code DescribeNodegroup} shows it. */
    public record Nodegroup(String name, String arn, String clusterName, String nodeRole, String amiType,
            String status, List<HealthIssue> issues, String version, String releaseVersion,
            List<String> instanceTypes, String autoScalingGroup, Instant createdAt, Instant modifiedAt) {

        Nodegroup with(String newStatus, List<HealthIssue> newIssues, Instant at) {
            return new Nodegroup(name, arn, clusterName, nodeRole, amiType, newStatus, List.copyOf(newIssues), version,
                    releaseVersion, instanceTypes, autoScalingGroup, createdAt, at);
        }
    }

    /** An access policy associated with an access entry; {@code scopeType} is {@code cluster} or {@code namespace}. */
    public record AccessPolicy(String policyArn, String scopeType, List<String> namespaces, Instant associatedAt,
            Instant modifiedAt) {
    }

    /** An access entry as {@code DescribeAccessEntry} shows it, with its associated access policies. */
    public record AccessEntry(String principalArn, String type, String username, List<String> kubernetesGroups,
            String arn, Map<String, String> tags, Instant createdAt, Instant modifiedAt, List<AccessPolicy> policies,
            String clientRequestToken) {

        AccessEntry withPolicy(AccessPolicy policy, Instant at) {
            List<AccessPolicy> all = new ArrayList<>(policies);
            all.removeIf(p -> p.policyArn().equals(policy.policyArn()));
            all.add(policy);
            return new AccessEntry(principalArn, type, username, kubernetesGroups, arn, tags, createdAt, at,
                    List.copyOf(all), clientRequestToken);
        }
    }

    private final FakeAws aws;
    private final String accountId;
    private final String partition;
    private final String region;
    private final String name;
    private final String arn;
    private final Instant createdAt;
    private final String endpointId = HexFormat.of().withUpperCase().formatHex(randomBytes(16));
    private final String oidcId = HexFormat.of().withUpperCase().formatHex(randomBytes(16));
    private String roleArn;
    private String authenticationMode;
    private String version = "1.32";
    private String status = "ACTIVE";
    private ComputeConfig computeConfig;
    private final TreeMap<String, Nodegroup> nodegroups = new TreeMap<>();
    private final TreeMap<String, AccessEntry> accessEntries = new TreeMap<>();

    FakeCluster(FakeAws aws, FakeAccount account, String region, String name, String roleArn,
            String authenticationMode) {
        if (name == null || !name.matches("[0-9A-Za-z][A-Za-z0-9\\-_]{0,99}")) {
            throw new IllegalArgumentException("invalid cluster name " + name);
        }
        this.aws = aws;
        this.accountId = account.accountId();
        this.partition = account.partition();
        this.region = region;
        this.name = name;
        this.arn = "arn:" + partition + ":eks:" + region + ":" + accountId + ":cluster/" + name;
        this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        this.authenticationMode = requireMode(authenticationMode);
        this.createdAt = aws.now();
    }

    public String name() {
        return name;
    }

    public String region() {
        return region;
    }

    public String arn() {
        return arn;
    }

    public String accountId() {
        return accountId;
    }

    public synchronized String roleArn() {
        return roleArn;
    }

    public synchronized String authenticationMode() {
        return authenticationMode;
    }

    public synchronized String version() {
        return version;
    }

    public synchronized String status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The Auto Mode settings, {@code null} for a cluster on which Auto Mode was never configured. */
    public synchronized ComputeConfig computeConfig() {
        return computeConfig;
    }

    // ---- set-up ----

    /** Replaces the cluster's own IAM role. */
    public synchronized FakeCluster clusterRole(String roleArn) {
        this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        return this;
    }

    public synchronized FakeCluster authenticationMode(String mode) {
        this.authenticationMode = requireMode(mode);
        return this;
    }

    public synchronized FakeCluster version(String version) {
        this.version = Objects.requireNonNull(version, "version");
        return this;
    }

    /**
     * Turns Auto Mode on: {@code computeConfig.enabled}, the node role EKS launches Auto Mode nodes with
     * ({@code null} for none, as with custom node pools only) and the built-in node pools (default
     * {@code general-purpose} and {@code system}).
     */
    public synchronized FakeCluster autoMode(String nodeRoleArn, String... nodePools) {
        List<String> pools = nodePools.length == 0 ? List.of("general-purpose", "system") : List.of(nodePools);
        this.computeConfig = new ComputeConfig(true, nodeRoleArn, pools);
        return this;
    }

    /** Auto Mode configured but off: {@code computeConfig} is {@code {"enabled": false}}. */
    public synchronized FakeCluster autoModeDisabled() {
        this.computeConfig = new ComputeConfig(false, null, List.of());
        return this;
    }

    /** A health issue for {@link #addNodegroup}, e.g. {@code issue("IamInstanceProfileNotFound", "...", "eks-ng-1")}. */
    public static HealthIssue issue(String code, String message, String... resourceIds) {
        return new HealthIssue(code, message, List.of(resourceIds));
    }

    /**
     * Adds a managed node group, {@code ACTIVE} without issues and {@code DEGRADED} with them.
     *
     * @param amiType an EKS AMI type such as {@code AL2023_x86_64_STANDARD}, {@code WINDOWS_CORE_2022_x86_64},
     *     {@code BOTTLEROCKET_x86_64} or {@code CUSTOM}
     */
    public synchronized Nodegroup addNodegroup(String nodegroupName, String nodeRoleArn, String amiType,
            HealthIssue... issues) {
        if (nodegroupName == null || !EksApi.NODEGROUP_NAME.matcher(nodegroupName).matches()) {
            throw new IllegalArgumentException("invalid node group name " + nodegroupName);
        }
        if (nodegroups.containsKey(nodegroupName)) {
            throw new IllegalArgumentException("node group " + nodegroupName + " already exists in " + this);
        }
        if (amiType == null || AMITypes.fromValue(amiType) == AMITypes.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("unknown AMI type " + amiType + ", expected one of " + AMITypes.knownValues());
        }
        String id = UUID.randomUUID().toString();
        String asg = "eks-" + nodegroupName + "-" + id;
        Instant now = aws.now();
        List<String> instanceTypes = amiType.contains("ARM") ? List.of("m7g.large") : List.of("m5.large");
        Nodegroup ng = new Nodegroup(nodegroupName,
                "arn:" + partition + ":eks:" + region + ":" + accountId + ":nodegroup/" + name + "/" + nodegroupName + "/" + id,
                name, Objects.requireNonNull(nodeRoleArn, "nodeRoleArn"), amiType, issues.length == 0 ? "ACTIVE" : "DEGRADED",
                List.of(issues), version, amiType.equals("CUSTOM") ? null : version + ".0-20250101", instanceTypes, asg,
                now, now);
        nodegroups.put(nodegroupName, ng);
        return ng;
    }

    /** Replaces the node group's health issues (and its status: {@code ACTIVE} without issues, else {@code DEGRADED}). */
    public synchronized FakeCluster nodegroupHealth(String nodegroupName, HealthIssue... issues) {
        Nodegroup ng = existingNodegroup(nodegroupName);
        nodegroups.put(nodegroupName, ng.with(issues.length == 0 ? "ACTIVE" : "DEGRADED", List.of(issues), aws.now()));
        return this;
    }

    /** Adds an access entry with EKS's default username and groups for the type. */
    public AccessEntry addAccessEntry(String principalArn, String type) {
        return addAccessEntry(principalArn, type, null);
    }

    /**
     * Adds an access entry as EKS would hold it; the principal need not exist (EKS keeps an entry when its
     * principal is deleted).
     *
     * @param username         {@code null} for EKS's default for the type
     * @param kubernetesGroups for {@code STANDARD} entries; node types get EKS's {@code system:nodes}
     */
    public AccessEntry addAccessEntry(String principalArn, String type, String username, String... kubernetesGroups) {
        if (!ACCESS_ENTRY_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown access entry type " + type + ", expected one of " + ACCESS_ENTRY_TYPES);
        }
        if (NODE_TYPES.contains(type) && kubernetesGroups.length > 0) {
            throw new IllegalArgumentException("EKS refuses Kubernetes groups on " + type + " access entries");
        }
        try {
            return createAccessEntry(principalArn, type, username, List.of(kubernetesGroups), Map.of(), null);
        } catch (EksApi.EksError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
        }
    }

    /** Associates an access policy with cluster scope. */
    public FakeCluster associateAccessPolicy(String principalArn, String policyArn) {
        return associateAccessPolicy(principalArn, policyArn, List.of());
    }

    /** Associates an access policy, scoped to these namespaces (cluster scope when there are none). */
    public synchronized FakeCluster associateAccessPolicy(String principalArn, String policyArn, List<String> namespaces) {
        AccessEntry entry = accessEntries.get(key(principalArn));
        if (entry == null) {
            throw new IllegalArgumentException("no access entry for " + principalArn + " in " + this);
        }
        if (entry.type().equals("EC2_LINUX") || entry.type().equals("EC2_WINDOWS")) {
            throw new IllegalArgumentException("EKS associates no access policy with " + entry.type() + " access entries");
        }
        Instant now = aws.now();
        AccessPolicy policy = new AccessPolicy(Objects.requireNonNull(policyArn, "policyArn"),
                namespaces.isEmpty() ? "cluster" : "namespace", List.copyOf(namespaces), now, now);
        accessEntries.put(key(principalArn), entry.withPolicy(policy, now));
        return this;
    }

    // ---- inspection ----

    public synchronized List<Nodegroup> nodegroups() {
        return List.copyOf(nodegroups.values());
    }

    /** The node group, or {@code null}. */
    public synchronized Nodegroup nodegroup(String nodegroupName) {
        return nodegroups.get(nodegroupName);
    }

    /** Access entries ordered by principal ARN. */
    public synchronized List<AccessEntry> accessEntries() {
        return List.copyOf(accessEntries.values());
    }

    /** The access entry of the principal, or {@code null}. */
    public synchronized AccessEntry accessEntry(String principalArn) {
        return accessEntries.get(key(principalArn));
    }

    @Override
    public String toString() {
        return "FakeCluster[" + arn + "]";
    }

    // ---- for EksApi ----

    /** The API endpoint DescribeCluster reports. */
    String endpoint() {
        return "https://" + endpointId + ".gr7." + region + ".eks.amazonaws.com" + (partition.equals(FakeAws.AWS_CN) ? ".cn" : "");
    }

    String oidcIssuer() {
        return "https://oidc.eks." + region + ".amazonaws.com" + (partition.equals(FakeAws.AWS_CN) ? ".cn" : "") + "/id/" + oidcId;
    }

    /**
     * Creates the entry, or returns the existing one when the same client request token created it (a
     * retried request); ResourceInUseException when another request created an entry for the principal.
     */
    synchronized AccessEntry createAccessEntry(String principalArn, String type, String username, List<String> groups,
            Map<String, String> tags, String clientRequestToken) {
        AccessEntry existing = accessEntries.get(key(principalArn));
        if (existing != null) {
            if (clientRequestToken != null && clientRequestToken.equals(existing.clientRequestToken())) {
                return existing;
            }
            throw new EksApi.EksError(409, "ResourceInUseException",
                    "The specified access entry resource is already in use on this cluster.").with("clusterName", name);
        }
        Instant now = aws.now();
        List<String> kubernetesGroups = NODE_TYPES.contains(type) ? List.of("system:nodes") : List.copyOf(groups);
        AccessEntry entry = new AccessEntry(principalArn, type, username != null ? username : defaultUsername(type, principalArn),
                kubernetesGroups, accessEntryArn(principalArn, UUID.randomUUID().toString()),
                Collections.unmodifiableMap(new LinkedHashMap<>(tags)), now, now, List.of(), clientRequestToken);
        accessEntries.put(key(principalArn), entry);
        return entry;
    }

    synchronized AccessEntry deleteAccessEntry(String principalArn) {
        return accessEntries.remove(key(principalArn));
    }

    /**
     * {@code arn:<p>:eks:<region>:<account>:access-entry/<cluster>/<role|user>/<principal account>/<name>/<id>}, the
     * shape EKS gives access entry ARNs (and IAM policies match them by).
     */
    String accessEntryArn(String principalArn, String id) {
        String[] parts = principalArn.split(":", 6);
        String principalAccount = parts.length == 6 ? parts[4] : "";
        String resource = parts.length == 6 ? parts[5] : "";
        String kind = resource.startsWith("user/") ? "user" : "role";
        String principalName = resource.substring(resource.lastIndexOf('/') + 1);
        return "arn:" + partition + ":eks:" + region + ":" + accountId + ":access-entry/" + name + "/" + kind + "/"
                + principalAccount + "/" + principalName + "/" + id;
    }

    /** EKS's username for an entry created without one. */
    static String defaultUsername(String type, String principalArn) {
        return switch (type) {
            case "EC2_LINUX", "EC2_WINDOWS", "EC2" -> "system:node:{{EC2PrivateDNSName}}";
            case "STANDARD" -> {
                String[] parts = principalArn.split(":", 6);
                if (parts.length == 6 && parts[5].startsWith("role/")) {
                    String roleName = parts[5].substring(parts[5].lastIndexOf('/') + 1);
                    yield "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + roleName + "/{{SessionName}}";
                }
                yield principalArn;
            }
            default -> "system:node:{{SessionName}}";
        };
    }

    /** Entries are found by principal ARN; IAM names are case-insensitive, so the key is lower case. */
    static String key(String principalArn) {
        return principalArn.toLowerCase(Locale.ROOT);
    }

    private Nodegroup existingNodegroup(String nodegroupName) {
        Nodegroup ng = nodegroups.get(nodegroupName);
        if (ng == null) {
            throw new IllegalArgumentException("no node group " + nodegroupName + " in " + this);
        }
        return ng;
    }

    private static String requireMode(String mode) {
        if (!AUTHENTICATION_MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown authentication mode " + mode + ", expected one of " + AUTHENTICATION_MODES);
        }
        return mode;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}

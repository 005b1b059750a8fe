package dev.eksrole.testing.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The state of one account in a {@link FakeAws}: IAM roles, instance profiles, customer managed policies
 * and users, and the EKS clusters of each region ({@link FakeCluster}).
 *
 * <p>Methods on this class are direct test set-up and inspection: they see every role and instance
 * profile at once (eventual consistency only applies to calls over the wire) and throw
 * {@link IllegalArgumentException} where IAM would answer an error. All methods are thread-safe.
 */
public final class FakeAccount {

    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]{1,510}/");

    private final FakeAws aws;
    private final String accountId;
    private final String partition;
    private final TreeMap<String, RoleState> roles = new TreeMap<>();
    private final Map<String, String> customerPolicies = new TreeMap<>();
    private final Map<String, UserState> users = new TreeMap<>();
    private final Map<String, Set<String>> denied = new HashMap<>();
    private final Map<String, String> identityPolicies = new HashMap<>();
    private final InstanceProfiles instanceProfiles;
    private final Map<String, TreeMap<String, FakeCluster>> clustersByRegion = new TreeMap<>();
    private final boolean wrongPartitionView;
    private int policiesPerRoleQuota = 10;

    FakeAccount(FakeAws aws, String accountId, String partition) {
        this(aws, accountId, partition, false);
    }

    /**
     * @param wrongPartitionView this is the account as an emulator shows it when a request is signed for
     *     a region of another partition: nothing is there (ListRoles and ListEntitiesForPolicy list nothing)
     */
    FakeAccount(FakeAws aws, String accountId, String partition, boolean wrongPartitionView) {
        this.aws = aws;
        this.accountId = accountId;
        this.partition = partition;
        this.wrongPartitionView = wrongPartitionView;
        this.instanceProfiles = new InstanceProfiles("arn:" + partition + ":iam::" + accountId + ":instance-profile");
    }

    public String accountId() {
        return accountId;
    }

    public String partition() {
        return partition;
    }

    /** {@code arn:<partition>:iam::<account>:root}. */
    public String rootArn() {
        return "arn:" + partition + ":iam::" + accountId + ":root";
    }

    /** The ARN a role of this name has (or would have with path {@code /}). */
    public synchronized String roleArn(String roleName) {
        RoleState r = roles.get(key(roleName));
        return r != null ? r.arn : roleArn("/", roleName);
    }

    /** {@code arn:<partition>:iam::aws:policy/<name>}. */
    public String awsManagedPolicyArn(String policyName) {
        return FakeAws.awsManagedPolicyArn(partition, policyName);
    }

    /** The trust policy letting EC2 instances of this partition assume a role. */
    public String ec2TrustPolicy() {
        return FakeAws.ec2TrustPolicy(partition);
    }

    /** Adds a role with path {@code /} and the EC2 trust policy of this account's partition. */
    public FakeRole addRole(String name) {
        return addRole(name, "/", ec2TrustPolicy(), null);
    }

    public FakeRole addRole(String name, String path, String trustJson) {
        return addRole(name, path, trustJson, null);
    }

    public FakeRole addRole(String name, String path, String trustJson, String description) {
        try {
            return createRole(name, path == null ? "/" : path, trustJson, description, 3600, Map.of(), null);
        } catch (AwsError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
        }
    }

    /** The role's snapshot, or {@code null} if there is no such role. */
    public synchronized FakeRole role(String name) {
        RoleState r = roles.get(key(name));
        return r == null ? null : r.snapshot();
    }

    /** All roles, ordered by name. */
    public synchronized List<FakeRole> roles() {
        List<FakeRole> out = new ArrayList<>(roles.size());
        roles.values().forEach(r -> out.add(r.snapshot()));
        return out;
    }

    /** Removes the role, taking it out of its instance profiles first (IAM refuses to delete a role still in one). */
    public synchronized boolean removeRole(String name) {
        instanceProfiles.dropRole(key(name));
        return roles.remove(key(name)) != null;
    }

    /** Replaces the role's trust policy as stored, without validating it. */
    public synchronized FakeAccount setTrust(String roleName, String trustJson) {
        existing(roleName).trustJson = Objects.requireNonNull(trustJson, "trustJson");
        return this;
    }

    public FakeAccount attach(String roleName, String policyArn) {
        try {
            attachPolicy(roleName, policyArn, null);
            return this;
        } catch (AwsError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
        }
    }

    public FakeAccount detach(String roleName, String policyArn) {
        try {
            detachPolicy(roleName, policyArn, null);
            return this;
        } catch (AwsError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
        }
    }

    public synchronized FakeAccount tag(String roleName, String key, String value) {
        existing(roleName).tags.put(key, value);
        return this;
    }

    /** Creates a customer managed policy and returns its ARN {@code arn:<p>:iam::<account>:policy/<name>}. */
    public synchronized String createCustomerPolicy(String name) {
        if (!name.matches("[\\w+=,.@-]{1,128}")) {
            throw new IllegalArgumentException("invalid policy name " + name);
        }
        String arn = "arn:" + partition + ":iam::" + accountId + ":policy/" + name;
        if (customerPolicies.putIfAbsent(key(name), arn) != null) {
            throw new IllegalArgumentException("policy " + name + " already exists");
        }
        return arn;
    }

    /** The customer managed policy ARNs of this account. */
    public synchronized List<String> customerPolicies() {
        return List.copyOf(customerPolicies.values());
    }

    // ---- instance profiles ----

    /** Adds an instance profile with path {@code /} and no role. */
    public FakeInstanceProfile addInstanceProfile(String name) {
        return addInstanceProfile(name, "/");
    }

    /**
     * Adds an instance profile holding the given role (IAM allows at most one), as the console does when it
     * creates a role for EC2 ({@code addInstanceProfile(role, "/", role)}).
     */
    public synchronized FakeInstanceProfile addInstanceProfile(String name, String path, String... roleNames) {
        if (roleNames.length > 1) {
            throw new IllegalArgumentException("an instance profile holds at most one role: " + List.of(roleNames));
        }
        for (String roleName : roleNames) {
            existing(roleName);
        }
        try {
            instanceProfiles.create(name, path == null ? "/" : path, Map.of(), aws.now(), null, this::roleByKey);
            for (String roleName : roleNames) {
                instanceProfiles.addRole(name, key(roleName), null);
            }
            return instanceProfiles.find(name, this::roleByKey);
        } catch (AwsError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
        }
    }

    /** The instance profile's snapshot, or {@code null} if there is none of that name. */
    public synchronized FakeInstanceProfile instanceProfile(String name) {
        return instanceProfiles.find(name, this::roleByKey);
    }

    /** All instance profiles, ordered by name. */
    public synchronized List<FakeInstanceProfile> instanceProfiles() {
        return instanceProfiles.all(this::roleByKey);
    }

    /** The instance profiles holding the role, ordered by name. */
    public synchronized List<FakeInstanceProfile> instanceProfilesForRole(String roleName) {
        return instanceProfiles.forRole(key(roleName), this::roleByKey);
    }

    /** The ARN the instance profile has (or would have with path {@code /}). */
    public synchronized String instanceProfileArn(String name) {
        return instanceProfiles.arn(name);
    }

    public synchronized FakeAccount addRoleToInstanceProfile(String profileName, String roleName) {
        try {
            instanceProfiles.addRole(profileName, key(existing(roleName).name), null);
            return this;
        } catch (AwsError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
        }
    }

    public synchronized FakeAccount removeRoleFromInstanceProfile(String profileName, String roleName) {
        try {
            instanceProfiles.removeRole(profileName, key(roleName), roleName, null);
            return this;
        } catch (AwsError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage(), e);
        }
    }

    /** Removes the instance profile, with whatever role it holds. */
    public synchronized boolean removeInstanceProfile(String name) {
        return instanceProfiles.remove(name);
    }

    // ---- EKS clusters ----

    /**
     * Adds an EKS cluster in a region of this account's partition.
     *
     * @param roleArn            the cluster's own IAM role (it need not exist)
     * @param authenticationMode {@code API}, {@code API_AND_CONFIG_MAP} or {@code CONFIG_MAP}
     */
    public synchronized FakeCluster addCluster(String region, String name, String roleArn, String authenticationMode) {
        if (region == null || !region.matches("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d")
                || !FakeAws.partitionOfRegion(region).equals(partition)) {
            throw new IllegalArgumentException("region " + region + " is not a region of partition " + partition);
        }
        TreeMap<String, FakeCluster> inRegion = clustersByRegion.computeIfAbsent(region, r -> new TreeMap<>());
        if (inRegion.containsKey(name)) {
            throw new IllegalArgumentException("cluster " + name + " already exists in " + region + " of " + this);
        }
        FakeCluster cluster = new FakeCluster(aws, this, region, name, roleArn, authenticationMode);
        inRegion.put(name, cluster);
        return cluster;
    }

    /** The cluster, or {@code null}. */
    public synchronized FakeCluster cluster(String region, String name) {
        TreeMap<String, FakeCluster> inRegion = clustersByRegion.get(region);
        return inRegion == null ? null : inRegion.get(name);
    }

    /** The clusters of the region, ordered by name. */
    public synchronized List<FakeCluster> clusters(String region) {
        TreeMap<String, FakeCluster> inRegion = clustersByRegion.get(region);
        return inRegion == null ? List.of() : List.copyOf(inRegion.values());
    }

    // ---- permissions ----

    /**
     * Makes calls by the named user, or by any session of the named role, to these actions answer
     * 403 AccessDenied (EKS: AccessDeniedException). Actions are {@code iam:AttachRolePolicy}- or
     * {@code eks:ListNodegroups}-style (the service prefix may be omitted for IAM actions).
     */
    public synchronized FakeAccount deny(String userOrRoleName, String... actions) {
        Set<String> set = denied.computeIfAbsent(key(userOrRoleName), k -> new HashSet<>());
        for (String a : actions) {
            set.add(normalizeAction(a));
        }
        return this;
    }

    public synchronized FakeAccount clearDenies() {
        denied.clear();
        return this;
    }

    /**
     * Gives the named user (or role, for its sessions) an identity-based policy, as the sum of what its
     * attached and inline policies say. STS then evaluates it on {@code AssumeRole}, and so do the
     * instance profile and EKS calls: the call must be allowed by it (Action and Resource, wildcards as
     * IAM reads them) and not denied, else AWS's {@code AccessDenied} names the identity-based policy.
     * A principal without one may assume any role whose trust lets it in and make those calls; the
     * other IAM calls heed only {@link #deny}. {@code null} removes the policy.
     */
    public synchronized FakeAccount identityPolicy(String userOrRoleName, String policyJson) {
        if (policyJson == null) {
            identityPolicies.remove(key(userOrRoleName));
        } else {
            PolicyDocuments.parse(policyJson);
            identityPolicies.put(key(userOrRoleName), policyJson);
        }
        return this;
    }

    /** How many managed policies a role may have attached (IAM's default quota is 10). */
    public synchronized FakeAccount policiesPerRoleQuota(int quota) {
        this.policiesPerRoleQuota = quota;
        return this;
    }

    @Override
    public String toString() {
        return "FakeAccount[" + partition + ":" + accountId + "]";
    }

    // ---- used by FakeAws and the API handlers ----

    synchronized UserState addUser(String userName) {
        if (!NAME.matcher(userName).matches()) {
            throw new IllegalArgumentException("invalid user name " + userName);
        }
        return users.computeIfAbsent(key(userName), k -> new UserState(userName, Ids.userId(),
                "arn:" + partition + ":iam::" + accountId + ":user/" + userName));
    }

    /** The ARN of the user of that name, or {@code null} when there is none. */
    synchronized String userArn(String userName) {
        UserState u = users.get(key(userName));
        return u == null ? null : u.arn();
    }

    /** The identity-based policy of the user or role, or {@code null} when none was given. */
    synchronized String identityPolicy(String principalName) {
        return identityPolicies.get(key(principalName));
    }

    /**
     * Why the caller may not perform the action on the resource, in AWS's words, or {@code null} when it
     * may: {@link #deny} and the caller's identity-based policy both count.
     */
    synchronized String denial(Identity caller, String action, String resource, Map<String, String> context) {
        String notAuthorized = "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: " + resource;
        String noAllow = notAuthorized + " because no identity-based policy allows the " + action + " action";
        if (isDenied(caller.principalName(), action)) {
            return noAllow;
        }
        String policy = identityPolicies.get(key(caller.principalName()));
        if (policy == null) {
            return null;
        }
        Map<String, String> all = new HashMap<>(context);
        all.put("aws:principalarn", caller.principalArn());
        all.put("aws:principalaccount", caller.accountId());
        all.put("aws:principaltype", caller.assumedRole() ? "AssumedRole" : "User");
        return switch (PolicyDocuments.evaluateIdentityPolicy(policy, action, resource, all)) {
            case ALLOW -> null;
            case IMPLICIT_DENY -> noAllow;
            case EXPLICIT_DENY -> notAuthorized + " with an explicit deny in an identity-based policy";
        };
    }

    synchronized boolean isDenied(String principalName, String action) {
        Set<String> set = denied.get(key(principalName));
        return set != null && set.contains(normalizeAction(action));
    }

    synchronized FakeRole createRole(String name, String path, String trustJson, String description,
            int maxSessionDuration, Map<String, String> tags, Instant visibleAt) {
        validateName(name, "roleName");
        if (!PATH.matcher(path).matches()) {
            throw AwsError.validation("The specified value for path is invalid. It must begin and end with /"
                    + " and contain only alphanumeric characters and/or / characters.");
        }
        if (roles.containsKey(key(name))) {
            throw new AwsError(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
        }
        RoleState r = new RoleState();
        r.name = name;
        r.path = path;
        r.arn = roleArn(path, name);
        r.roleId = Ids.roleId();
        r.trustJson = Objects.requireNonNull(trustJson, "trustJson");
        r.description = description;
        r.maxSessionDuration = maxSessionDuration;
        r.createDate = aws.now();
        r.visibleAt = visibleAt;
        r.tags.putAll(tags);
        roles.put(key(name), r);
        return r.snapshot();
    }

    /** The role as a call over the wire sees it, honouring eventual consistency when {@code now} is set. */
    synchronized FakeRole visibleRole(String name, Instant now) {
        return visible(name, now).snapshot();
    }

    /** Roles in name order whose lower-cased name sorts after {@code afterKey}; at most {@code limit}. */
    synchronized List<FakeRole> listRoles(String afterKey, String pathPrefix, int limit) {
        if (wrongPartitionView) {
            return List.of();
        }
        var view = afterKey == null ? roles : roles.tailMap(afterKey, false);
        List<FakeRole> out = new ArrayList<>();
        for (RoleState r : view.values()) {
            if (pathPrefix != null && !r.path.startsWith(pathPrefix)) {
                continue;
            }
            out.add(r.snapshot());
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    synchronized FakeInstanceProfile createInstanceProfile(String name, String path, Map<String, String> tags,
            Instant visibleAt) {
        return instanceProfiles.create(name, path, tags, aws.now(), visibleAt, this::roleByKey);
    }

    /** The profile as a call over the wire sees it, honouring eventual consistency. */
    synchronized FakeInstanceProfile visibleInstanceProfile(String name, Instant now) {
        return instanceProfiles.visible(name, now, this::roleByKey);
    }

    /** The profiles holding the role; NoSuchEntity when the role is not (yet) visible. */
    synchronized List<FakeInstanceProfile> listInstanceProfilesForRole(String roleName, Instant now) {
        RoleState r = visible(roleName, now);
        return instanceProfiles.forRole(key(r.name), this::roleByKey);
    }

    synchronized void addRoleToInstanceProfile(String profileName, String roleName, Instant now) {
        instanceProfiles.visible(profileName, now, this::roleByKey);
        RoleState r = visible(roleName, now);
        instanceProfiles.addRole(profileName, key(r.name), now);
    }

    synchronized void removeRoleFromInstanceProfile(String profileName, String roleName, Instant now) {
        instanceProfiles.visible(profileName, now, this::roleByKey);
        visible(roleName, now);
        instanceProfiles.removeRole(profileName, key(roleName), roleName, now);
    }

    synchronized void deleteInstanceProfile(String profileName, Instant now) {
        instanceProfiles.delete(profileName, now);
    }

    synchronized void attachPolicy(String roleName, String policyArn, Instant now) {
        RoleState r = now == null ? existingOrNoSuchEntity(roleName) : visible(roleName, now);
        requireAttachable(policyArn);
        if (r.attached.contains(policyArn)) {
            return;
        }
        if (r.attached.size() >= policiesPerRoleQuota) {
            throw new AwsError(409, "LimitExceeded",
                    "Cannot exceed quota for PoliciesPerRole: " + policiesPerRoleQuota + ".");
        }
        r.attached.add(policyArn);
    }

    synchronized void detachPolicy(String roleName, String policyArn, Instant now) {
        RoleState r = now == null ? existingOrNoSuchEntity(roleName) : visible(roleName, now);
        requireArn(policyArn);
        if (!r.attached.remove(policyArn)) {
            throw AwsError.noSuchEntity("Policy " + policyArn + " was not found.");
        }
    }

    synchronized void updateTrust(String roleName, String trustJson, Instant now) {
        visible(roleName, now).trustJson = trustJson;
    }

    synchronized void tagRole(String roleName, Map<String, String> tags, Instant now) {
        RoleState r = visible(roleName, now);
        Map<String, String> merged = new LinkedHashMap<>(r.tags);
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for TagsPerRole: 50.");
        }
        r.tags.putAll(tags);
    }

    /** The roles of this account with the policy attached; NoSuchEntity if the policy does not exist here. */
    synchronized List<FakeRole> rolesWithPolicy(String policyArn) {
        if (wrongPartitionView) {
            return List.of();
        }
        requireArn(policyArn);
        if (!policyExists(policyArn)) {
            throw AwsError.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
        }
        List<FakeRole> out = new ArrayList<>();
        for (RoleState r : roles.values()) {
            if (r.attached.contains(policyArn)) {
                out.add(r.snapshot());
            }
        }
        return out;
    }

    synchronized boolean isAwsManaged(String policyArn) {
        return policyArn.startsWith("arn:" + partition + ":iam::aws:policy/");
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static void validateName(String name, String field) {
        if (name == null) {
            throw AwsError.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw AwsError.validation("1 validation error detected: Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
    }

    private String roleArn(String path, String name) {
        return "arn:" + partition + ":iam::" + accountId + ":role" + path + name;
    }

    private boolean policyExists(String policyArn) {
        if (isAwsManaged(policyArn)) {
            String name = policyArn.substring(policyArn.lastIndexOf('/') + 1);
            return FakeAws.AWS_MANAGED_POLICIES.contains(name)
                    && policyArn.equals(awsManagedPolicyArn(name));
        }
        return customerPolicies.containsValue(policyArn);
    }

    private void requireArn(String policyArn) {
        if (policyArn == null) {
            throw AwsError.validation("1 validation error detected: Value null at 'policyArn'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        if (!policyArn.startsWith("arn:") || policyArn.split(":", -1).length < 6) {
            throw AwsError.invalidInput("ARN " + policyArn + " is not valid.");
        }
        String arnPartition = policyArn.split(":", -1)[1];
        if (!arnPartition.equals(partition)) {
            throw AwsError.invalidInput("ARN " + policyArn + " is not valid.");
        }
    }

    private void requireAttachable(String policyArn) {
        requireArn(policyArn);
        if (!policyExists(policyArn)) {
            throw AwsError.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
        }
    }

    private FakeRole roleByKey(String roleKey) {
        RoleState r = roles.get(roleKey);
        return r == null ? null : r.snapshot();
    }

    private RoleState existing(String roleName) {
        RoleState r = roles.get(key(roleName));
        if (r == null) {
            throw new IllegalArgumentException("no role " + roleName + " in " + this);
        }
        return r;
    }

    private RoleState existingOrNoSuchEntity(String roleName) {
        validateName(roleName, "roleName");
        RoleState r = roles.get(key(roleName));
        if (r == null) {
            throw AwsError.noSuchEntity("The role with name " + roleName + " cannot be found.");
        }
        return r;
    }

    private RoleState visible(String roleName, Instant now) {
        RoleState r = existingOrNoSuchEntity(roleName);
        if (now != null && r.visibleAt != null && now.isBefore(r.visibleAt)) {
            throw AwsError.noSuchEntity("The role with name " + roleName + " cannot be found.");
        }
        return r;
    }

    private static String normalizeAction(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        return a.contains(":") ? a : "iam:" + a;
    }

    record UserState(String name, String userId, String arn) {
    }

    private static final class RoleState {
        String name;
        String path;
        String arn;
        String roleId;
        String trustJson;
        String description;
        int maxSessionDuration;
        Instant createDate;
        Instant visibleAt;
        final List<String> attached = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();

        FakeRole snapshot() {
            return new FakeRole(name, path, arn, roleId, trustJson, description, List.copyOf(attached),
                    Collections.unmodifiableMap(new LinkedHashMap<>(tags)), createDate, maxSessionDuration);
        }
    }
}

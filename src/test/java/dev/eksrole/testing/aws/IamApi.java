package dev.eksrole.testing.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The IAM actions the fake answers. Every call acts in the caller's own account. */
final class IamApi {

    private final FakeAws aws;
    private final InstanceProfileApi instanceProfiles;

    IamApi(FakeAws aws) {
        this.aws = aws;
        this.instanceProfiles = new InstanceProfileApi(aws);
    }

    String handle(String action, Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        return switch (action) {
            case "ListRoles" -> listRoles(p, caller, account, requestId);
            case "GetRole" -> getRole(p, caller, account, requestId);
            case "ListAttachedRolePolicies" -> listAttachedRolePolicies(p, caller, account, requestId);
            case "ListEntitiesForPolicy" -> listEntitiesForPolicy(p, caller, account, requestId);
            case "GetPolicy" -> getPolicy(p, caller, account, requestId);
            case "CreateRole" -> createRole(p, caller, account, requestId);
            case "AttachRolePolicy" -> attachRolePolicy(p, caller, account, requestId);
            case "DetachRolePolicy" -> detachRolePolicy(p, caller, account, requestId);
            case "UpdateAssumeRolePolicy" -> updateAssumeRolePolicy(p, caller, account, requestId);
            case "TagRole" -> tagRole(p, caller, account, requestId);
            case "ListRoleTags" -> listRoleTags(p, caller, account, requestId);
            case "ListInstanceProfilesForRole", "GetInstanceProfile", "CreateInstanceProfile", "AddRoleToInstanceProfile",
                    "RemoveRoleFromInstanceProfile", "DeleteInstanceProfile" ->
                    instanceProfiles.handle(action, p, caller, account, requestId);
            default -> throw FakeAws.invalidAction(action, p.get("Version"));
        };
    }

    private String listRoles(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        authorize(caller, account, "ListRoles", "arn:" + account.partition() + ":iam::" + account.accountId() + ":role/");
        int maxItems = maxItems(p);
        String afterKey = p.containsKey("Marker") ? decodeMarker(p.get("Marker"), "r:") : null;
        String pathPrefix = p.get("PathPrefix");
        List<FakeRole> page = account.listRoles(afterKey, pathPrefix, maxItems + 1);
        boolean truncated = page.size() > maxItems;
        List<FakeRole> roles = truncated ? page.subList(0, maxItems) : page;
        String marker = truncated ? encodeMarker("r:" + FakeAccount.key(roles.get(roles.size() - 1).name())) : null;
        return Xml.success(Xml.IAM_NS, "ListRoles", requestId, xml -> {
            xml.element("IsTruncated", truncated);
            xml.element("Marker", marker);
            xml.open("Roles");
            for (FakeRole r : roles) {
                xml.open("member");
                writeRole(xml, r, false);
                xml.close("member");
            }
            xml.close("Roles");
        });
    }

    private String getRole(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = required(p, "RoleName", "roleName");
        authorize(caller, account, "GetRole", account.roleArn(name));
        FakeRole role = account.visibleRole(name, aws.now());
        return Xml.success(Xml.IAM_NS, "GetRole", requestId, xml -> {
            xml.open("Role");
            writeRole(xml, role, true);
            xml.close("Role");
        });
    }

    private String listAttachedRolePolicies(
            Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = required(p, "RoleName", "roleName");
        authorize(caller, account, "ListAttachedRolePolicies", account.roleArn(name));
        int maxItems = maxItems(p);
        FakeRole role = account.visibleRole(name, aws.now());
        String prefix = p.get("PathPrefix");
        List<String> arns = new ArrayList<>();
        for (String arn : role.attachedPolicyArns()) {
            if (prefix == null || policyPath(arn).startsWith(prefix)) {
                arns.add(arn);
            }
        }
        Page<String> page = page(arns, p, maxItems);
        return Xml.success(Xml.IAM_NS, "ListAttachedRolePolicies", requestId, xml -> {
            xml.open("AttachedPolicies");
            for (String arn : page.items()) {
                xml.open("member")
                        .element("PolicyArn", arn)
                        .element("PolicyName", arn.substring(arn.lastIndexOf('/') + 1))
                        .close("member");
            }
            xml.close("AttachedPolicies");
            xml.element("IsTruncated", page.marker() != null);
            xml.element("Marker", page.marker());
        });
    }

    private String listEntitiesForPolicy(
            Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String policyArn = required(p, "PolicyArn", "policyArn");
        authorize(caller, account, "ListEntitiesForPolicy", policyArn);
        int maxItems = maxItems(p);
        String filter = p.get("EntityFilter");
        if (filter != null && !List.of("Role", "User", "Group", "LocalManagedPolicy", "AWSManagedPolicy")
                .contains(filter)) {
            throw AwsError.validation("1 validation error detected: Value '" + filter + "' at 'entityFilter'"
                    + " failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [User, Role, LocalManagedPolicy, Group, AWSManagedPolicy]");
        }
        List<FakeRole> roles = account.rolesWithPolicy(policyArn);
        boolean awsManaged = account.isAwsManaged(policyArn);
        boolean includeRoles = filter == null || filter.equals("Role")
                || (filter.equals("AWSManagedPolicy") && awsManaged)
                || (filter.equals("LocalManagedPolicy") && !awsManaged);
        List<FakeRole> entities = includeRoles ? roles : List.of();
        Page<FakeRole> page = page(entities, p, maxItems);
        return Xml.success(Xml.IAM_NS, "ListEntitiesForPolicy", requestId, xml -> {
            xml.open("PolicyGroups").close("PolicyGroups");
            xml.open("PolicyUsers").close("PolicyUsers");
            xml.open("PolicyRoles");
            for (FakeRole r : page.items()) {
                xml.open("member").element("RoleName", r.name()).element("RoleId", r.roleId()).close("member");
            }
            xml.close("PolicyRoles");
            xml.element("IsTruncated", page.marker() != null);
            xml.element("Marker", page.marker());
        });
    }

    /** GetPolicy of a managed policy: its AttachmentCount counts the roles of the caller's account holding it. */
    private String getPolicy(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String policyArn = required(p, "PolicyArn", "policyArn");
        authorize(caller, account, "GetPolicy", policyArn);
        int attachments = account.rolesWithPolicy(policyArn).size();
        String name = policyArn.substring(policyArn.lastIndexOf('/') + 1);
        return Xml.success(Xml.IAM_NS, "GetPolicy", requestId, xml -> {
            xml.open("Policy")
                    .element("PolicyName", name)
                    .element("DefaultVersionId", "v1")
                    .element("PolicyId", "ANPA" + Integer.toHexString(policyArn.hashCode()).toUpperCase(java.util.Locale.ROOT))
                    .element("Path", "/")
                    .element("Arn", policyArn)
                    .element("AttachmentCount", attachments)
                    .element("PermissionsBoundaryUsageCount", 0)
                    .element("IsAttachable", true)
                    .element("CreateDate", Instant.parse("2018-05-27T21:09:01Z"))
                    .element("UpdateDate", Instant.parse("2024-07-25T22:03:54Z"))
                    .close("Policy");
        });
    }

    private String createRole(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = required(p, "RoleName", "roleName");
        authorize(caller, account, "CreateRole", account.roleArn(name));
        String trust = required(p, "AssumeRolePolicyDocument", "assumeRolePolicyDocument");
        String path = p.getOrDefault("Path", "/");
        String description = p.get("Description");
        if (description != null && description.length() > 1000) {
            throw AwsError.validation("1 validation error detected: Value at 'description' failed to satisfy"
                    + " constraint: Member must have length less than or equal to 1000");
        }
        int maxSession = 3600;
        if (p.containsKey("MaxSessionDuration")) {
            maxSession = integer(p.get("MaxSessionDuration"), "maxSessionDuration");
            if (maxSession < 3600 || maxSession > 43200) {
                throw AwsError.validation("1 validation error detected: Value '" + maxSession
                        + "' at 'maxSessionDuration' failed to satisfy constraint:"
                        + " Member must have value between 3600 and 43200");
            }
        }
        Map<String, String> tags = tags(p);
        FakeAccount.validateName(name, "roleName");
        PolicyDocuments.validateTrust(trust);
        Instant visibleAt = aws.now().plus(aws.eventualConsistency());
        FakeRole role = account.createRole(name, path, trust, description, maxSession, tags, visibleAt);
        return Xml.success(Xml.IAM_NS, "CreateRole", requestId, xml -> {
            xml.open("Role");
            writeRole(xml, role, true);
            xml.close("Role");
        });
    }

    private String attachRolePolicy(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = required(p, "RoleName", "roleName");
        String policyArn = required(p, "PolicyArn", "policyArn");
        authorize(caller, account, "AttachRolePolicy", account.roleArn(name));
        account.attachPolicy(name, policyArn, aws.now());
        return Xml.success(Xml.IAM_NS, "AttachRolePolicy", requestId, null);
    }

    private String detachRolePolicy(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = required(p, "RoleName", "roleName");
        String policyArn = required(p, "PolicyArn", "policyArn");
        authorize(caller, account, "DetachRolePolicy", account.roleArn(name));
        account.detachPolicy(name, policyArn, aws.now());
        return Xml.success(Xml.IAM_NS, "DetachRolePolicy", requestId, null);
    }

    private String updateAssumeRolePolicy(
            Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = required(p, "RoleName", "roleName");
        String document = required(p, "PolicyDocument", "policyDocument");
        authorize(caller, account, "UpdateAssumeRolePolicy", account.roleArn(name));
        FakeAccount.validateName(name, "roleName");
        account.visibleRole(name, aws.now());
        PolicyDocuments.validateTrust(document);
        account.updateTrust(name, document, aws.now());
        return Xml.success(Xml.IAM_NS, "UpdateAssumeRolePolicy", requestId, null);
    }

    private String tagRole(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = required(p, "RoleName", "roleName");
        authorize(caller, account, "TagRole", account.roleArn(name));
        Map<String, String> tags = tags(p);
        if (tags.isEmpty()) {
            throw AwsError.validation("1 validation error detected: Value null at 'tags'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        account.tagRole(name, tags, aws.now());
        return Xml.success(Xml.IAM_NS, "TagRole", requestId, null);
    }

    private String listRoleTags(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = required(p, "RoleName", "roleName");
        authorize(caller, account, "ListRoleTags", account.roleArn(name));
        int maxItems = maxItems(p);
        FakeRole role = account.visibleRole(name, aws.now());
        Page<Map.Entry<String, String>> page = page(new ArrayList<>(role.tags().entrySet()), p, maxItems);
        return Xml.success(Xml.IAM_NS, "ListRoleTags", requestId, xml -> {
            xml.open("Tags");
            for (Map.Entry<String, String> t : page.items()) {
                xml.open("member").element("Key", t.getKey()).element("Value", t.getValue()).close("member");
            }
            xml.close("Tags");
            xml.element("IsTruncated", page.marker() != null);
            xml.element("Marker", page.marker());
        });
    }

    // ---- helpers ----

    static void writeRole(Xml xml, FakeRole r, boolean withTags) {
        xml.element("Path", r.path())
                .element("RoleName", r.name())
                .element("RoleId", r.roleId())
                .element("Arn", r.arn())
                .element("CreateDate", r.createDate())
                .element("AssumeRolePolicyDocument", Ids.uriEncode(r.trustJson()))
                .element("Description", r.description())
                .element("MaxSessionDuration", r.maxSessionDuration());
        if (withTags && !r.tags().isEmpty()) {
            xml.open("Tags");
            r.tags().forEach((k, v) -> xml.open("member").element("Key", k).element("Value", v).close("member"));
            xml.close("Tags");
        }
    }

    private static void authorize(Identity caller, FakeAccount account, String action, String resource) {
        if (account.isDenied(caller.principalName(), "iam:" + action)) {
            throw AwsError.accessDenied("User: " + caller.arn() + " is not authorized to perform: iam:" + action
                    + " on resource: " + resource + " because no identity-based policy allows the iam:"
                    + action + " action");
        }
    }

    static String required(Map<String, String> p, String name, String field) {
        String v = p.get(name);
        if (v == null) {
            throw AwsError.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    static int integer(String value, String field) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw AwsError.validation("1 validation error detected: Value '" + value + "' at '" + field
                    + "' failed to satisfy constraint: Member must be a number");
        }
    }

    static int maxItems(Map<String, String> p) {
        if (!p.containsKey("MaxItems")) {
            return 100;
        }
        int n = integer(p.get("MaxItems"), "maxItems");
        if (n < 1) {
            throw AwsError.validation("1 validation error detected: Value '" + n + "' at 'maxItems' failed to"
                    + " satisfy constraint: Member must have value greater than or equal to 1");
        }
        if (n > 1000) {
            throw AwsError.validation("1 validation error detected: Value '" + n + "' at 'maxItems' failed to"
                    + " satisfy constraint: Member must have value less than or equal to 1000");
        }
        return n;
    }

    static Map<String, String> tags(Map<String, String> p) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; p.containsKey("Tags.member." + i + ".Key") || p.containsKey("Tags.member." + i + ".Value");
                i++) {
            String key = p.get("Tags.member." + i + ".Key");
            String value = p.getOrDefault("Tags.member." + i + ".Value", "");
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw AwsError.validation("1 validation error detected: Value at 'tags." + i + ".member.key'"
                        + " failed to satisfy constraint: Member must have length between 1 and 128");
            }
            if (value.length() > 256) {
                throw AwsError.validation("1 validation error detected: Value at 'tags." + i + ".member.value'"
                        + " failed to satisfy constraint: Member must have length less than or equal to 256");
            }
            if (tags.put(key, value) != null) {
                throw AwsError.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        if (tags.size() > 50) {
            throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for TagsPerRole: 50.");
        }
        return tags;
    }

    private static String policyPath(String arn) {
        int start = arn.indexOf(":policy") + ":policy".length();
        int end = arn.lastIndexOf('/');
        return start <= end ? arn.substring(start, end + 1) : "/";
    }

    record Page<T>(List<T> items, String marker) {
    }

    static <T> Page<T> page(List<T> all, Map<String, String> p, int maxItems) {
        int offset = 0;
        if (p.containsKey("Marker")) {
            try {
                offset = Integer.parseInt(decodeMarker(p.get("Marker"), "o:"));
            } catch (NumberFormatException e) {
                throw AwsError.validation("Invalid Marker.");
            }
        }
        if (offset < 0 || offset > all.size()) {
            throw AwsError.validation("Invalid Marker.");
        }
        int end = Math.min(all.size(), offset + maxItems);
        String marker = end < all.size() ? encodeMarker("o:" + end) : null;
        return new Page<>(List.copyOf(all.subList(offset, end)), marker);
    }

    private static String encodeMarker(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeMarker(String marker, String prefix) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (!raw.startsWith(prefix)) {
                throw AwsError.validation("Invalid Marker.");
            }
            return raw.substring(prefix.length());
        } catch (IllegalArgumentException e) {
            throw AwsError.validation("Invalid Marker.");
        }
    }
}

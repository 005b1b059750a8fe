package dev.eksrole.testing.aws;

import java.util.List;
import java.util.Map;

/**
 * The IAM instance profile actions: ListInstanceProfilesForRole, GetInstanceProfile,
 * CreateInstanceProfile, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile and DeleteInstanceProfile,
 * in the caller's own account. Unlike the older role actions they heed the caller's identity-based
 * policy as well as {@link FakeAccount#deny}.
 */
final class InstanceProfileApi {

    private final FakeAws aws;

    InstanceProfileApi(FakeAws aws) {
        this.aws = aws;
    }

    String handle(String action, Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        return switch (action) {
            case "ListInstanceProfilesForRole" -> listForRole(p, caller, account, requestId);
            case "GetInstanceProfile" -> get(p, caller, account, requestId);
            case "CreateInstanceProfile" -> create(p, caller, account, requestId);
            case "AddRoleToInstanceProfile" -> addRole(p, caller, account, requestId);
            case "RemoveRoleFromInstanceProfile" -> removeRole(p, caller, account, requestId);
            case "DeleteInstanceProfile" -> delete(p, caller, account, requestId);
            default -> throw FakeAws.invalidAction(action, p.get("Version"));
        };
    }

    private String listForRole(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String roleName = IamApi.required(p, "RoleName", "roleName");
        authorize(caller, account, "ListInstanceProfilesForRole", account.roleArn(roleName));
        FakeAccount.validateName(roleName, "roleName");
        int maxItems = IamApi.maxItems(p);
        List<FakeInstanceProfile> profiles = account.listInstanceProfilesForRole(roleName, aws.now());
        IamApi.Page<FakeInstanceProfile> page = IamApi.page(profiles, p, maxItems);
        return Xml.success(Xml.IAM_NS, "ListInstanceProfilesForRole", requestId, xml -> {
            xml.open("InstanceProfiles");
            for (FakeInstanceProfile profile : page.items()) {
                xml.open("member");
                write(xml, profile, false);
                xml.close("member");
            }
            xml.close("InstanceProfiles");
            xml.element("IsTruncated", page.marker() != null);
            xml.element("Marker", page.marker());
        });
    }

    private String get(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = IamApi.required(p, "InstanceProfileName", "instanceProfileName");
        authorize(caller, account, "GetInstanceProfile", account.instanceProfileArn(name));
        FakeInstanceProfile profile = account.visibleInstanceProfile(name, aws.now());
        return Xml.success(Xml.IAM_NS, "GetInstanceProfile", requestId, xml -> {
            xml.open("InstanceProfile");
            write(xml, profile, true);
            xml.close("InstanceProfile");
        });
    }

    private String create(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = IamApi.required(p, "InstanceProfileName", "instanceProfileName");
        authorize(caller, account, "CreateInstanceProfile", account.instanceProfileArn(name));
        String path = p.getOrDefault("Path", "/");
        Map<String, String> tags;
        try {
            tags = IamApi.tags(p);
        } catch (AwsError e) {
            throw e.code().equals("LimitExceeded")
                    ? new AwsError(409, "LimitExceeded", "Cannot exceed quota for TagsPerInstanceProfile: 50.")
                    : e;
        }
        FakeInstanceProfile profile = account.createInstanceProfile(name, path, tags,
                aws.now().plus(aws.eventualConsistency()));
        return Xml.success(Xml.IAM_NS, "CreateInstanceProfile", requestId, xml -> {
            xml.open("InstanceProfile");
            write(xml, profile, true);
            xml.close("InstanceProfile");
        });
    }

    private String addRole(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = IamApi.required(p, "InstanceProfileName", "instanceProfileName");
        String roleName = IamApi.required(p, "RoleName", "roleName");
        authorize(caller, account, "AddRoleToInstanceProfile", account.instanceProfileArn(name));
        InstanceProfiles.validateName(name);
        FakeAccount.validateName(roleName, "roleName");
        account.addRoleToInstanceProfile(name, roleName, aws.now());
        return Xml.success(Xml.IAM_NS, "AddRoleToInstanceProfile", requestId, null);
    }

    private String removeRole(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = IamApi.required(p, "InstanceProfileName", "instanceProfileName");
        String roleName = IamApi.required(p, "RoleName", "roleName");
        authorize(caller, account, "RemoveRoleFromInstanceProfile", account.instanceProfileArn(name));
        InstanceProfiles.validateName(name);
        FakeAccount.validateName(roleName, "roleName");
        account.removeRoleFromInstanceProfile(name, roleName, aws.now());
        return Xml.success(Xml.IAM_NS, "RemoveRoleFromInstanceProfile", requestId, null);
    }

    private String delete(Map<String, String> p, Identity caller, FakeAccount account, String requestId) {
        String name = IamApi.required(p, "InstanceProfileName", "instanceProfileName");
        authorize(caller, account, "DeleteInstanceProfile", account.instanceProfileArn(name));
        account.deleteInstanceProfile(name, aws.now());
        return Xml.success(Xml.IAM_NS, "DeleteInstanceProfile", requestId, null);
    }

    /** The InstanceProfile shape; its roles carry no tags, and lists carry no profile tags (as IAM answers). */
    private static void write(Xml xml, FakeInstanceProfile profile, boolean withTags) {
        xml.element("Path", profile.path())
                .element("InstanceProfileName", profile.name())
                .element("InstanceProfileId", profile.instanceProfileId())
                .element("Arn", profile.arn())
                .element("CreateDate", profile.createDate());
        xml.open("Roles");
        for (FakeRole role : profile.roles()) {
            xml.open("member");
            IamApi.writeRole(xml, role, false);
            xml.close("member");
        }
        xml.close("Roles");
        if (withTags && !profile.tags().isEmpty()) {
            xml.open("Tags");
            profile.tags().forEach((k, v) -> xml.open("member").element("Key", k).element("Value", v).close("member"));
            xml.close("Tags");
        }
    }

    private static void authorize(Identity caller, FakeAccount account, String action, String resource) {
        String denial = account.denial(caller, "iam:" + action, resource, Map.of());
        if (denial != null) {
            throw AwsError.accessDenied(denial);
        }
    }
}

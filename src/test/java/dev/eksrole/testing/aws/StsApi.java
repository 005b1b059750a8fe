package dev.eksrole.testing.aws;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The STS actions the fake answers. */
final class StsApi {

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):role(/.*)?/([^/]+)");

    private final FakeAws aws;

    StsApi(FakeAws aws) {
        this.aws = aws;
    }

    /**
     * @param requestPartition the partition of the region the request was signed for: like AWS-compatible
     *     emulators, the fake looks for the target role there
     */
    String handle(String action, Map<String, String> p, Identity caller, String requestPartition, String requestId) {
        return switch (action) {
            case "GetCallerIdentity" -> Xml.success(Xml.STS_NS, action, requestId, xml -> xml
                    .element("Arn", caller.arn())
                    .element("UserId", caller.userId())
                    .element("Account", caller.accountId()));
            case "AssumeRole" -> assumeRole(p, caller, requestPartition, requestId);
            default -> throw FakeAws.invalidAction(action, p.get("Version"));
        };
    }

    private String assumeRole(Map<String, String> p, Identity caller, String requestPartition, String requestId) {
        String roleArn = IamApi.required(p, "RoleArn", "roleArn");
        String sessionName = IamApi.required(p, "RoleSessionName", "roleSessionName");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw AwsError.validation("1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular"
                    + " expression pattern: [\\w+=,.@-]*");
        }
        String externalId = p.get("ExternalId");
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            throw AwsError.validation("1 validation error detected: Value '" + externalId
                    + "' at 'externalId' failed to satisfy constraint: Member must satisfy regular"
                    + " expression pattern: [\\w+=,.@:\\/-]*");
        }
        int duration = 3600;
        if (p.containsKey("DurationSeconds")) {
            duration = IamApi.integer(p.get("DurationSeconds"), "durationSeconds");
            if (duration < 900 || duration > 43200) {
                throw AwsError.validation("1 validation error detected: Value '" + duration
                        + "' at 'durationSeconds' failed to satisfy constraint: Member must have value"
                        + (duration < 900 ? " greater than or equal to 900" : " less than or equal to 43200"));
            }
        }
        if (roleArn.length() < 20) {
            throw AwsError.validation("1 validation error detected: Value '" + roleArn + "' at 'roleArn' failed"
                    + " to satisfy constraint: Member must have length greater than or equal to 20");
        }
        Matcher m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) {
            throw AwsError.validation(roleArn + " is invalid");
        }
        // As AWS words it (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
        // a denial by the caller's own policies names the policy type; a role that does not exist, a trust
        // that does not let the caller in and a wrong ExternalId all read the same, with no reason.
        String notAuthorized = "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn;
        AwsError denied = AwsError.accessDenied(notAuthorized);
        Map<String, String> context = new HashMap<>();
        if (externalId != null) {
            context.put("sts:externalid", externalId);
        }
        context.put("sts:rolesessionname", sessionName);
        context.put("aws:principalarn", caller.principalArn());
        context.put("aws:principalaccount", caller.accountId());
        context.put("aws:principaltype", caller.assumedRole() ? "AssumedRole" : "User");
        FakeAccount home = aws.accountOrNull(caller.accountId());
        if (home != null && home.isDenied(caller.principalName(), "sts:AssumeRole")) {
            throw AwsError.accessDenied(notAuthorized + " with an explicit deny in an identity-based policy");
        }
        String identityPolicy = home == null ? null : home.identityPolicy(caller.principalName());
        if (identityPolicy != null) {
            switch (PolicyDocuments.evaluateIdentityPolicy(identityPolicy, "sts:AssumeRole", roleArn, context)) {
                case EXPLICIT_DENY -> throw AwsError.accessDenied(notAuthorized + " with an explicit deny in an identity-based policy");
                case IMPLICIT_DENY -> throw AwsError.accessDenied(notAuthorized
                        + " because no identity-based policy allows the sts:AssumeRole action");
                case ALLOW -> { }
            }
        }
        String partition = m.group(1);
        FakeAccount target = aws.accountOrNull(m.group(2));
        if (target == null || !partition.equals(caller.partition()) || !target.partition().equals(partition)
                || !requestPartition.equals(partition)) {
            throw denied;
        }
        FakeRole role = target.role(m.group(4));
        if (role == null) {
            throw denied;
        }
        if (!PolicyDocuments.allowsAssumeRole(role.trustJson(), caller, context)) {
            throw denied;
        }
        if (duration > role.maxSessionDuration()) {
            throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        if (caller.assumedRole() && duration > 3600) {
            throw AwsError.validation("The requested DurationSeconds exceeds the 1 hour session limit"
                    + " for roles assumed by role chaining.");
        }
        Instant expiration = aws.now().plusSeconds(duration);
        Identity session = aws.issueSession(target, role, sessionName, expiration);
        return Xml.success(Xml.STS_NS, "AssumeRole", requestId, xml -> {
            xml.open("Credentials")
                    .element("AccessKeyId", session.accessKeyId())
                    .element("SecretAccessKey", session.secretAccessKey())
                    .element("SessionToken", session.sessionToken())
                    .element("Expiration", expiration)
                    .close("Credentials");
            xml.open("AssumedRoleUser")
                    .element("AssumedRoleId", session.userId())
                    .element("Arn", session.arn())
                    .close("AssumedRoleUser");
        });
    }
}

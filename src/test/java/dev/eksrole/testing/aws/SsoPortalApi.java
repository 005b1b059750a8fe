package dev.eksrole.testing.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IAM Identity Center (SSO) portal's {@code GetRoleCredentials}, which the SDK calls for a profile
 * with {@code sso_session}/{@code sso_account_id}/{@code sso_role_name}: REST-JSON,
 * {@code GET /federation/credentials?role_name=..&account_id=..} with the access token from the SDK's
 * token cache in the {@code x-amz-sso_bearer_token} header, unsigned.
 */
final class SsoPortalApi {

    static final String PATH = "/federation/credentials";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SESSION = Duration.ofHours(1);

    /** Who holds an access token, and which permission sets in which accounts they may use. */
    private record SignIn(String userName, Set<String> assignments) {}

    private final FakeAws aws;
    private final Map<String, SignIn> tokens = new ConcurrentHashMap<>();

    SsoPortalApi(FakeAws aws) {
        this.aws = aws;
    }

    void assign(String accessToken, String userName, String accountId, String permissionSet) {
        tokens.computeIfAbsent(accessToken, t -> new SignIn(userName, ConcurrentHashMap.newKeySet()))
                .assignments().add(accountId + "/" + permissionSet);
    }

    /** The role Identity Center keeps in the account for a permission set. */
    static String roleName(String permissionSet) {
        return "AWSReservedSSO_" + permissionSet + "_" + Integer.toHexString(permissionSet.hashCode() | 0x10000000) + "eksrole0";
    }

    /** The answer as status and JSON body; errors carry their type as REST-JSON does. */
    record Answer(int status, String errorType, String json) {}

    Answer getRoleCredentials(String token, Map<String, String> query) {
        String accountId = query.get("account_id");
        String permissionSet = query.get("role_name");
        SignIn signIn = token == null ? null : tokens.get(token);
        if (signIn == null) {
            return error(401, "UnauthorizedException", "Session token not found or invalid");
        }
        if (accountId == null || permissionSet == null || !signIn.assignments().contains(accountId + "/" + permissionSet)) {
            return error(403, "ForbiddenException", "No access");
        }
        FakeAccount account = aws.account(accountId);
        String roleName = roleName(permissionSet);
        FakeRole role = account.role(roleName);
        if (role == null) {
            role = account.addRole(roleName, "/aws-reserved/sso.amazonaws.com/", "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                    + "\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:" + account.partition() + ":iam::" + accountId
                    + ":saml-provider/AWSSSO_eksrole_DO_NOT_DELETE\"},\"Action\":[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]}]}");
        }
        Instant expiration = aws.now().plus(SESSION);
        Identity session = aws.issueSession(account, role, signIn.userName(), expiration);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("roleCredentials")
                .put("accessKeyId", session.accessKeyId())
                .put("secretAccessKey", session.secretAccessKey())
                .put("sessionToken", session.sessionToken())
                .put("expiration", expiration.toEpochMilli());
        return new Answer(200, null, body.toString());
    }

    private static Answer error(int status, String type, String message) {
        return new Answer(status, type, JSON.createObjectNode().put("message", message).toString());
    }

    Set<String> tokens() {
        return new HashSet<>(tokens.keySet());
    }
}

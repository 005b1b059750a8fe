package dev.eksrole.testing.aws;

import java.time.Instant;

/**
 * A caller the fake knows by access key: an IAM user with long-term keys or a role session with
 * temporary ones.
 *
 * @param arn           the ARN GetCallerIdentity reports ({@code ...:user/x} or {@code ...:assumed-role/r/s})
 * @param userId        the UserId GetCallerIdentity reports
 * @param principalArn  the IAM ARN of the user or role behind the caller
 * @param principalName the user or role name
 * @param expiration    expiry of temporary credentials, {@code null} for long-term keys
 */
record Identity(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String accountId,
        String partition,
        String arn,
        String userId,
        String principalArn,
        String principalName,
        boolean assumedRole,
        Instant expiration) {

    boolean expiredAt(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }

    Identity expiredCopy() {
        return new Identity(accessKeyId, secretAccessKey, sessionToken, accountId, partition, arn, userId,
                principalArn, principalName, assumedRole, Instant.EPOCH);
    }

    Credentials credentials() {
        return new Credentials(accessKeyId, secretAccessKey, sessionToken);
    }
}

package dev.eksrole.testing.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Immutable snapshot of a role held by a {@link FakeAccount}.
 *
 * @param name               role name
 * @param path               role path, {@code /} by default
 * @param arn                role ARN in the account's partition
 * @param roleId             {@code AROA...} unique id
 * @param trustJson          the trust policy document, decoded (as stored)
 * @param description        description, may be {@code null}
 * @param attachedPolicyArns managed policies attached, in attachment order
 * @param tags               role tags, in insertion order
 * @param createDate         creation time
 * @param maxSessionDuration maximum session duration in seconds
 */
public record FakeRole(
        String name,
        String path,
        String arn,
        String roleId,
        String trustJson,
        String description,
        List<String> attachedPolicyArns,
        Map<String, String> tags,
        Instant createDate,
        int maxSessionDuration) {
}

package dev.eksrole.testing.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Immutable snapshot of an IAM instance profile held by a {@link FakeAccount}.
 *
 * @param name              instance profile name
 * @param path              its path, {@code /} by default
 * @param arn               {@code arn:<partition>:iam::<account>:instance-profile<path><name>}
 * @param instanceProfileId {@code AIPA...} unique id
 * @param roles             the roles in it as they are now (IAM allows at most one)
 * @param tags              its tags, in insertion order
 * @param createDate        creation time
 */
public record FakeInstanceProfile(
        String name,
        String path,
        String arn,
        String instanceProfileId,
        List<FakeRole> roles,
        Map<String, String> tags,
        Instant createDate) {

    public List<String> roleNames() {
        return roles.stream().map(FakeRole::name).toList();
    }
}

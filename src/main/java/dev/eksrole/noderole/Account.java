package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/**
 * One configured AWS account: where it lives and how eksrole gets in.
 *
 * @param profile the AWS profile whose credentials assume the access role, or {@code null} for the
 *     default credential chain
 */
public record Account(
        String id, String name, Partition partition, String accessRoleArn, String externalId, String profile) {

    public Account {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(partition, "partition");
        requireNonNull(accessRoleArn, "accessRoleArn");
        requireNonNull(externalId, "externalId");
    }

    /** {@code prod-eu (111111111111)}, or just the id when the account has no other name. */
    public String label() {
        return name.equals(id) ? id : name + " (" + id + ")";
    }
}

package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/**
 * One AWS account: where it lives and how eksrole gets in.
 *
 * @param accessRoleArn the role eksrole assumes there, or {@code null} for the account of eksrole's own
 *     credentials, which it reads without assuming a role
 * @param externalId the ExternalId of that AssumeRole ({@code null} exactly when there is no role)
 * @param profile the AWS profile whose credentials assume the access role, or {@code null} for the
 *     default credential chain
 */
public record Account(
        String id, String name, Partition partition, String accessRoleArn, String externalId, String profile) {

    public Account {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(partition, "partition");
        if (accessRoleArn != null) {
            requireNonNull(externalId, "externalId");
        }
    }

    /** The account the current credentials belong to, read with them directly: no AssumeRole. */
    public static Account ofOwnCredentials(String id, Partition partition) {
        return new Account(id, id, partition, null, null, null);
    }

    /** Whether eksrole assumes an access role to read the account (every configured account does). */
    public boolean assumesRole() {
        return accessRoleArn != null;
    }

    /** {@code prod-eu (111111111111)}, or just the id when the account has no other name. */
    public String label() {
        return name.equals(id) ? id : name + " (" + id + ")";
    }
}

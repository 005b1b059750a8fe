package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One AWS account: where it lives and how eksrole gets in.
 *
 * @param accessRoleArn the role eksrole assumes there, or {@code null} for the account of eksrole's own
 *     credentials, which it reads without assuming a role
 * @param externalId the ExternalId of that AssumeRole ({@code null} exactly when there is no role)
 * @param profile the AWS profile whose credentials assume the access role, or {@code null} for the
 *     default credential chain
 * @param regions the regions whose EKS clusters a check looks at, in the account's partition; none: no
 *     cluster is checked and no EKS call is made
 */
public record Account(
        String id, String name, Partition partition, String accessRoleArn, String externalId, String profile,
        List<String> regions) {

    public Account {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(partition, "partition");
        if (accessRoleArn != null) {
            requireNonNull(externalId, "externalId");
        }
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    /** An account whose clusters are not checked. */
    public Account(String id, String name, Partition partition, String accessRoleArn, String externalId, String profile) {
        this(id, name, partition, accessRoleArn, externalId, profile, List.of());
    }

    /** The account the current credentials belong to, read with them directly: no AssumeRole. */
    public static Account ofOwnCredentials(String id, Partition partition) {
        return new Account(id, id, partition, null, null, null);
    }

    /** The same account with its clusters checked in these regions. */
    public Account withRegions(List<String> checked) {
        return new Account(id, name, partition, accessRoleArn, externalId, profile, checked);
    }

    /** Whether a check looks at the account's EKS clusters (some region is configured for it). */
    public boolean checksClusters() {
        return !regions.isEmpty();
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

package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

/**
 * A role as {@code ListRoles} returns it.
 *
 * @param trustDocument the assume-role policy document, decoded or still URL-encoded
 */
public record IamRole(String name, String arn, String path, String trustDocument) {
    public IamRole {
        requireNonNull(name, "name");
        requireNonNull(arn, "arn");
        path = path == null ? "/" : path;
        trustDocument = trustDocument == null ? "" : trustDocument;
    }
}

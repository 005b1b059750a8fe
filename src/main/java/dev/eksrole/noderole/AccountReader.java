package dev.eksrole.noderole;

import java.util.List;
import java.util.Set;

/**
 * The reads a check needs, in one account: IAM's, and through {@link #clusters()} EKS's over the same
 * session. Implementations throw {@link IamReadException} when an IAM read fails after retries.
 */
public interface AccountReader extends AutoCloseable {

    /** Every role of the account, with its trust document. */
    List<IamRole> listRoles();

    /** The names of the roles that have a managed policy attached. */
    Set<String> roleNamesWithPolicy(String policyArn);

    /** The ARNs of the managed policies attached to a role. */
    List<String> attachedPolicyArns(String roleName);

    /** How many users, groups and roles of the account a managed policy is attached to (IAM's own count). */
    int attachmentCount(String policyArn);

    /** The names of the instance profiles that hold a role (ListInstanceProfilesForRole, every page). */
    List<String> instanceProfileNames(String roleName);

    /** The EKS reads of the same session, in any region of the account's partition. */
    ClusterReader clusters();

    /** Gives the account's session back; the reader is not used afterwards. */
    @Override
    default void close() {}
}

package dev.eksrole.noderole;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The invariants a reading of an account must meet before any verdict is built on it: what one IAM
 * call names, the others confirm. A broken answer (a proxy's empty page, a listing cut short) must
 * become UNKNOWN, never a confident NEEDS_FIX whose fix would change a healthy account.
 */
final class ReadingConsistency {

    /** Thrown when a reading does not add up; the check answers with {@link Finding.ReadingInconsistent}. */
    static final class Inconsistent extends RuntimeException {
        Inconsistent(String what) {
            super(what, null, false, false);
        }

        Finding finding() {
            return new Finding.ReadingInconsistent(getMessage());
        }
    }

    private ReadingConsistency() {}

    /** The role eksrole is using must be in the account's listing, or the listing is not the account's. */
    static void requireAccessRoleListed(Account account, List<IamRole> roles) {
        if (!account.assumesRole()) {
            return; // the caller's own account, read with its own credentials: no role of ours to look for
        }
        boolean listed = roles.stream().anyMatch(r -> r.arn().equalsIgnoreCase(account.accessRoleArn()));
        if (!listed) {
            throw new Inconsistent("ListRoles returned " + roles.size() + " role" + (roles.size() == 1 ? "" : "s")
                    + " but not " + account.accessRoleArn() + ", the role eksrole is using in this account, so the listing "
                    + "is incomplete or not this account's");
        }
    }

    /** Every role a policy's listing names must be in ListRoles. */
    static void requireHoldersListed(ManagedPolicy policy, Set<String> holders, List<IamRole> roles) {
        Set<String> unknown = new TreeSet<>(holders);
        roles.forEach(r -> unknown.remove(r.name()));
        if (!unknown.isEmpty()) {
            throw new Inconsistent("ListEntitiesForPolicy names " + names(unknown) + " as holding " + policy.policyName()
                    + ", but ListRoles did not list " + (unknown.size() == 1 ? "it" : "them"));
        }
    }

    /** A role's attached policies and the policy's holders must agree on whether the role holds it. */
    static void requireAgreement(String roleName, Collection<String> attached, ManagedPolicy policy, String policyArn,
            Set<String> holders) {
        boolean attachedSays = attached.contains(policyArn);
        boolean holdersSay = holders.contains(roleName);
        if (attachedSays != holdersSay) {
            throw new Inconsistent("ListAttachedRolePolicies says " + policy.policyName() + " is " + (attachedSays ? "" : "not ")
                    + "attached to " + roleName + ", but ListEntitiesForPolicy says it is " + (holdersSay ? "" : "not"));
        }
    }

    /** IAM's attachment count of a policy must not exceed the holders its listing named. */
    static void requireHoldersComplete(ManagedPolicy policy, int attachmentCount, Set<String> holders) {
        if (attachmentCount > holders.size()) {
            throw new Inconsistent("IAM counts " + attachmentCount + " attachment" + (attachmentCount == 1 ? "" : "s") + " of "
                    + policy.policyName() + " in the account, but ListEntitiesForPolicy named " + holders.size() + " role"
                    + (holders.size() == 1 ? "" : "s") + (holders.isEmpty() ? "" : " (" + names(holders) + ")")
                    + "; users or groups may hold it, or the listing is incomplete");
        }
    }

    /**
     * What a listing named, the call about it says does not exist: a cluster, node group or access entry
     * deleted between the two calls (read again), or an answer that is not faithful.
     */
    static Inconsistent vanished(String listing, String thing, String describe) {
        return new Inconsistent(listing + " names " + thing + ", but " + describe + " says it does not exist");
    }

    /** An EKS answer about something else than what was asked. */
    static void requireAnswerAbout(String operation, String asked, String answered) {
        if (!asked.equals(answered)) {
            throw new Inconsistent(operation + " for " + asked + " answered about " + answered);
        }
    }

    /**
     * A role a cluster uses that ListRoles did not list must be missing indeed: IAM's answer about the
     * role by its name confirms it, since the fix would create a role.
     */
    static Inconsistent roleInUseAnswers(String roleArn, int roles) {
        return new Inconsistent("ListRoles listed " + roles + " role" + (roles == 1 ? "" : "s") + " but not " + roleArn
                + ", which an EKS cluster uses, and ListAttachedRolePolicies answers for it");
    }

    private static String names(Collection<String> names) {
        List<String> sorted = List.copyOf(new TreeSet<>(names));
        String shown = String.join(", ", sorted.subList(0, Math.min(5, sorted.size())));
        return sorted.size() > 5 ? shown + " and " + (sorted.size() - 5) + " more" : shown;
    }
}

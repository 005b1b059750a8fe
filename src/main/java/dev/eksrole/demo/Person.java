package dev.eksrole.demo;

import java.util.List;
import java.util.Optional;

/**
 * Someone in the demo's channel, whom the page lets you act as.
 *
 * @param role what the person may do, as the page's picker says it
 */
public record Person(String id, String name, String role) {

    public static final String REQUESTER = "U0DEMORILEY";
    public static final String APPROVER = "U0DEMOAVERY";
    public static final String GROUP_MEMBER = "U0DEMOSAM";
    public static final String STRANGER = "U0DEMOJORDAN";
    /** The approver group (a Slack user group) that the demo's config names. */
    public static final String APPROVER_GROUP = "S0DEMOLEADS";
    public static final String APPROVER_GROUP_HANDLE = "platform-leads";

    /** Everyone in the channel, the requester first. */
    public static List<Person> everyone() {
        return List.of(
                new Person(REQUESTER, "Riley Chen", "on call, in @" + APPROVER_GROUP_HANDLE + ": approves others' fixes, never their own"),
                new Person(APPROVER, "Avery Patel", "approver (named in approvers.users)"),
                new Person(GROUP_MEMBER, "Sam Okafor", "approver through @" + APPROVER_GROUP_HANDLE + " (approvers.usergroups)"),
                new Person(STRANGER, "Jordan Lee", "not an approver"));
    }

    /**
     * The members of the approver group, as usergroups.users.list answers: the requester is one, so that their own
     * Approve is refused for being their own request, not for want of the right.
     */
    static List<String> approverGroupMembers() {
        return List.of(REQUESTER, GROUP_MEMBER);
    }

    /** The person with this Slack user id, if they are in the channel. */
    static Optional<Person> byId(String id) {
        return everyone().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    static boolean known(String id) {
        return byId(id).isPresent();
    }
}

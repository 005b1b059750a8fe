package dev.eksrole.fix;

import java.util.Optional;
import java.util.Set;

/** Who is in a user group of the chat the approvers are configured in (Slack's {@code usergroups.users.list}). */
public interface UserGroups {

    /** The group's members, or empty when the directory cannot say right now. */
    Optional<Set<String>> members(String groupId);
}

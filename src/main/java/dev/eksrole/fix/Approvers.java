package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.config.EksroleConfig;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may approve: the configured users and the members of the configured user groups (asked of
 * {@link UserGroups}, cached briefly), never the requester unless config allows it.
 */
public final class Approvers {

    static final Duration GROUP_CACHE = Duration.ofMinutes(2);
    /** How long known members still count while the directory cannot be asked; after that nobody of the group does. */
    static final Duration GROUP_GRACE = Duration.ofMinutes(10);

    private final EksroleConfig.Approvers approvers;
    private final boolean allowSelfApproval;
    private final UserGroups userGroups;
    private final Clock clock;
    private final Map<String, Members> groups = new ConcurrentHashMap<>();

    private record Members(Set<String> users, Instant fetchedAt) {}

    @Inject
    public Approvers(EksroleConfig.Approvers approvers, EksroleConfig.ApprovalPolicy policy, UserGroups userGroups, Clock clock) {
        this.approvers = requireNonNull(approvers, "approvers");
        this.allowSelfApproval = policy.allowSelfApproval();
        this.userGroups = requireNonNull(userGroups, "userGroups");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Why {@code userId} may not approve a fix {@code requesterId} asked for; empty when they may. */
    public Optional<Refusal> refusalToApprove(String userId, String requesterId) {
        if (noneConfigured()) {
            return Optional.of(Refusal.NO_APPROVERS);
        }
        if (!isApprover(userId)) {
            return Optional.of(Refusal.NOT_AN_APPROVER);
        }
        if (userId.equals(requesterId) && !allowSelfApproval) {
            return Optional.of(Refusal.OWN_REQUEST);
        }
        return Optional.empty();
    }

    public boolean isApprover(String userId) {
        if (approvers.users().contains(userId)) {
            return true;
        }
        for (String group : approvers.usergroups()) {
            if (members(group).contains(userId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether no user and no group is configured, so that no fix can be approved. */
    public boolean noneConfigured() {
        return approvers.users().isEmpty() && approvers.usergroups().isEmpty();
    }

    private Set<String> members(String group) {
        Instant now = clock.instant();
        Members cached = groups.get(group);
        if (cached != null && cached.fetchedAt().plus(GROUP_CACHE).isAfter(now)) {
            return cached.users();
        }
        Optional<Set<String>> fetched = userGroups.members(group);
        if (fetched.isPresent()) {
            Set<String> users = Set.copyOf(fetched.get());
            groups.put(group, new Members(users, now));
            return users;
        }
        // when the directory cannot say, recent knowledge stands for a while; beyond that refusing is the safe side
        return cached != null && cached.fetchedAt().plus(GROUP_GRACE).isAfter(now) ? cached.users() : Set.of();
    }
}

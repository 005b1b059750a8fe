package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.slack.Mrkdwn;
import dev.eksrole.slack.SlackSettings;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may approve: the configured Slack users and the members of the configured user groups
 * ({@code usergroups.users.list}, cached briefly), never the requester unless config allows it.
 */
public final class Approvers {

    private static final Logger LOG = LoggerFactory.getLogger(Approvers.class);
    static final Duration GROUP_CACHE = Duration.ofMinutes(2);
    /** How long known members still count while Slack cannot be asked; after that nobody of the group does. */
    static final Duration GROUP_GRACE = Duration.ofMinutes(10);

    private final EksroleConfig.Approvers approvers;
    private final boolean allowSelfApproval;
    private final Slack slack;
    private final String botToken;
    private final Clock clock;
    private final Map<String, Members> groups = new ConcurrentHashMap<>();

    private record Members(Set<String> users, Instant fetchedAt) {}

    /** Why someone may not approve, to tell them; {@code null} when they may. */
    public record Refusal(Mrkdwn message) {}

    @Inject
    public Approvers(EksroleConfig.Approvers approvers, EksroleConfig.ApprovalPolicy policy, Slack slack, SlackSettings settings,
            Clock clock) {
        this.approvers = requireNonNull(approvers, "approvers");
        this.allowSelfApproval = policy.allowSelfApproval();
        this.slack = requireNonNull(slack, "slack");
        this.botToken = settings.botToken();
        this.clock = requireNonNull(clock, "clock");
    }

    /** @return a refusal to show the user, or {@code null} when they may approve */
    public Refusal check(String userId, String requesterId) {
        if (approvers.users().isEmpty() && approvers.usergroups().isEmpty()) {
            return new Refusal(Mrkdwn.of("No approvers are configured, so no fix can be approved: list Slack users or user groups "
                    + "under approvers: in the eksrole config."));
        }
        if (!isApprover(userId)) {
            return new Refusal(Mrkdwn.of("You are not an approver of eksrole fixes. Can approve: {}.", mentions()));
        }
        if (userId.equals(requesterId) && !allowSelfApproval) {
            return new Refusal(Mrkdwn.of("You asked for this fix, so someone else must approve it. Can approve: {}.", mentions()));
        }
        return null;
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

    /** The approvers as Slack mentions: {@code <@U1>, <!subteam^S1>}. */
    public String describe() {
        return mentions().text();
    }

    /** The approvers as Slack mentions, each from a validated id. */
    public Mrkdwn mentions() {
        List<Mrkdwn> names = new ArrayList<>();
        approvers.users().forEach(u -> names.add(Mrkdwn.user(u)));
        approvers.usergroups().forEach(g -> names.add(Mrkdwn.usergroup(g)));
        return names.isEmpty() ? Mrkdwn.of("nobody (no approvers configured)") : Mrkdwn.join(", ", names);
    }

    private Set<String> members(String group) {
        Instant now = clock.instant();
        Members cached = groups.get(group);
        if (cached != null && cached.fetchedAt().plus(GROUP_CACHE).isAfter(now)) {
            return cached.users();
        }
        try {
            var response = slack.methods(botToken).usergroupsUsersList(r -> r.usergroup(group));
            if (response.isOk()) {
                Set<String> users = response.getUsers() == null ? Set.of() : Set.copyOf(response.getUsers());
                groups.put(group, new Members(users, now));
                return users;
            }
            LOG.warn("usergroups.users.list {} failed: {}", group, response.getError());
        } catch (IOException | SlackApiException e) {
            LOG.warn("usergroups.users.list {} failed: {}", group, e.toString());
        }
        // when Slack cannot say, recent knowledge stands for a while; beyond that refusing is the safe side
        return cached != null && cached.fetchedAt().plus(GROUP_GRACE).isAfter(now) ? cached.users() : Set.of();
    }
}

package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import dev.eksrole.fix.UserGroups;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The members of a Slack user group, from {@code usergroups.users.list}; the approver rules cache them. */
public final class SlackUserGroups implements UserGroups {

    private static final Logger LOG = LoggerFactory.getLogger(SlackUserGroups.class);

    private final Slack slack;
    private final String botToken;

    @Inject
    public SlackUserGroups(Slack slack, SlackSettings settings) {
        this.slack = requireNonNull(slack, "slack");
        this.botToken = settings.botToken();
    }

    @Override
    public Optional<Set<String>> members(String groupId) {
        try {
            var response = slack.methods(botToken).usergroupsUsersList(r -> r.usergroup(groupId));
            if (response.isOk()) {
                return Optional.of(response.getUsers() == null ? Set.of() : Set.copyOf(response.getUsers()));
            }
            LOG.warn("usergroups.users.list {} failed: {}", groupId, response.getError());
        } catch (IOException | SlackApiException e) {
            LOG.warn("usergroups.users.list {} failed: {}", groupId, e.toString());
        }
        return Optional.empty();
    }
}

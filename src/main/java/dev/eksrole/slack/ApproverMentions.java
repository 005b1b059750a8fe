package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import dev.eksrole.config.EksroleConfig;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** The configured approvers as Slack shows them: {@code <@U1>, <!subteam^S1>}. */
public final class ApproverMentions {

    private final EksroleConfig.Approvers approvers;

    @Inject
    public ApproverMentions(EksroleConfig.Approvers approvers) {
        this.approvers = requireNonNull(approvers, "approvers");
    }

    /** The approvers as Slack mentions, each from a validated id. */
    public Mrkdwn mentions() {
        List<Mrkdwn> names = new ArrayList<>();
        approvers.users().forEach(u -> names.add(Mrkdwn.user(u)));
        approvers.usergroups().forEach(g -> names.add(Mrkdwn.usergroup(g)));
        return names.isEmpty() ? Mrkdwn.of("nobody (no approvers configured)") : Mrkdwn.join(", ", names);
    }
}

package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import dev.eksrole.fix.ApprovalRequest;
import dev.eksrole.fix.FixWorkflow;
import dev.eksrole.noderole.Account;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Posts approval requests to the channel, each with its own Approve, and tells the workflow where each one is. A
 * request Slack does not take is voided, since nobody could approve what nobody sees.
 */
public final class ApprovalRequests {

    private final FixWorkflow workflow;
    private final ChannelPoster poster;
    private final ApprovalMessageBuilder messages;
    private final ApproverMentions approvers;

    @Inject
    public ApprovalRequests(FixWorkflow workflow, ChannelPoster poster, ApprovalMessageBuilder messages, ApproverMentions approvers) {
        this.workflow = requireNonNull(workflow, "workflow");
        this.poster = requireNonNull(poster, "poster");
        this.messages = requireNonNull(messages, "messages");
        this.approvers = requireNonNull(approvers, "approvers");
    }

    /** Posts each request in the clicker's channel, in order. */
    public void post(List<ApprovalRequest> requests, Account account, Click click) {
        requests.forEach(request -> post(request, account, click));
    }

    private void post(ApprovalRequest pending, Account account, Click click) {
        SlackMessage request = messages.request(pending.planId(), pending.plan(), account, pending.requestedBy(), pending.expiresAt(),
                approvers.mentions());
        String ts = poster.postMessage(click.channelId(), request, null);
        if (ts != null) {
            workflow.requestShown(pending.planId(), click.channelId(), ts);
        } else if (poster.postInChannel(click.responseUrl(), click.channelId(), request) == ChannelPoster.Delivery.NOT_DELIVERED) {
            workflow.requestNotShown(pending.planId());
            Mrkdwn what = pending.plan().batch() == null ? Mrkdwn.text(account.label())
                    : Mrkdwn.of("{} ({})", account.label(), pending.plan().batch());
            tell(click, Mrkdwn.of("Slack did not take the approval request for {}, so nothing will be applied. "
                    + "Re-check and try again; if it keeps failing, invite the bot to this channel.", what));
        }
    }

    /** Words for the clicker alone. */
    public void tell(Click click, Mrkdwn text) {
        poster.postEphemeral(click.responseUrl(), click.channelId(), click.userId(), SlackMessage.of(text));
    }
}

package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import dev.eksrole.fix.RequestBatches;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.FixPlan;
import jakarta.inject.Inject;
import java.util.List;

/** Splits a plan so that each batch's approval request and outcome fit one Slack message ({@link PlanBatches}). */
public final class MessageSizedBatches implements RequestBatches {

    private final ApprovalMessageBuilder messages;
    private final ApproverMentions approvers;

    @Inject
    public MessageSizedBatches(ApprovalMessageBuilder messages, ApproverMentions approvers) {
        this.messages = requireNonNull(messages, "messages");
        this.approvers = requireNonNull(approvers, "approvers");
    }

    @Override
    public List<FixPlan> batches(FixPlan plan, Account account, String requesterId) {
        Mrkdwn can = approvers.mentions();
        return PlanBatches.split(plan, candidate -> messages.fitsOneMessage(candidate, account, requesterId, can));
    }
}

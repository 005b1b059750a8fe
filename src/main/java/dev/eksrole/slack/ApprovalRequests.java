package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import dev.eksrole.fix.Approvers;
import dev.eksrole.fix.AuditTrail;
import dev.eksrole.fix.FixOffers;
import dev.eksrole.fix.FixWorkflow;
import dev.eksrole.store.PlanRecord;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.FixPlan;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Posts approval requests to the channel. A plan too big for one Slack message goes out as batches
 * ({@link PlanBatches}), each stored as a plan of its own with its own request and its own Approve. A
 * request Slack does not take is voided, since nobody could approve what nobody sees.
 */
public final class ApprovalRequests {

    private final PlanStore store;
    private final AuditTrail audit;
    private final ChannelPoster poster;
    private final ApprovalMessageBuilder messages;
    private final Approvers approvers;
    private final Duration expiry;
    private final Clock clock;

    @Inject
    public ApprovalRequests(PlanStore store, AuditTrail audit, ChannelPoster poster, ApprovalMessageBuilder messages,
            Approvers approvers, EksroleConfig.ApprovalPolicy policy, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.audit = requireNonNull(audit, "audit");
        this.poster = requireNonNull(poster, "poster");
        this.messages = requireNonNull(messages, "messages");
        this.approvers = requireNonNull(approvers, "approvers");
        this.expiry = policy.planExpiry();
        this.clock = requireNonNull(clock, "clock");
    }

    /** The plan as the requests it needs: itself when it fits one message, else its batches. */
    public List<FixPlan> batches(FixPlan plan, Account account, String requesterId) {
        Mrkdwn can = approvers.mentions();
        return PlanBatches.split(plan, candidate -> messages.fitsOneMessage(candidate, account, requesterId, can));
    }

    /**
     * Stores each plan as a new PENDING plan and posts its request.
     *
     * @return the ids of the plans posted, in order
     */
    public List<String> postNew(List<FixPlan> plans, Account account, String requesterId, FixWorkflow.Click click) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(expiry);
        List<String> ids = new ArrayList<>();
        for (FixPlan plan : plans) {
            String id = UUID.randomUUID().toString();
            PlanRecord rec = FixOffers.record(id, plan, PlanStatus.PENDING, requesterId, now, expiresAt);
            store.insert(rec);
            audit.record(click.userId(), rec.accountId(), rec.roleName(), "plan", id, plan.title(), "requested");
            post(id, plan, account, requesterId, expiresAt, click);
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    /** Posts the request of a stored PENDING plan; a request Slack does not take is voided and the clicker told. */
    public void post(String planId, FixPlan plan, Account account, String requesterId, Instant expiresAt, FixWorkflow.Click click) {
        SlackMessage request = messages.request(planId, plan, account, requesterId, expiresAt, approvers.mentions());
        String ts = poster.postMessage(click.channelId(), request, null);
        if (ts != null) {
            store.saveMessage(planId, click.channelId(), ts);
        } else if (poster.postInChannel(click.responseUrl(), click.channelId(), request) == ChannelPoster.Delivery.NOT_DELIVERED) {
            store.transition(planId, PlanStatus.PENDING, PlanStatus.EXPIRED, null, clock.instant());
            Mrkdwn what = plan.batch() == null ? Mrkdwn.text(account.label()) : Mrkdwn.of("{} ({})", account.label(), plan.batch());
            tell(click, Mrkdwn.of("Slack did not take the approval request for {}, so nothing will be applied. "
                    + "Re-check and try again; if it keeps failing, invite the bot to this channel.", what));
        }
    }

    public void tell(FixWorkflow.Click click, Mrkdwn text) {
        poster.postEphemeral(click.responseUrl(), click.channelId(), click.userId(), SlackMessage.of(text));
    }
}

package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import dev.eksrole.approval.PlanCodec;
import dev.eksrole.approval.PlanRecord;
import dev.eksrole.approval.PlanStatus;
import dev.eksrole.approval.PlanStore;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountAccessException;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.PlanApplier;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.Severity;
import dev.eksrole.noderole.StepResult;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fix → approval request → Approve/Reject → re-check → apply, from Slack. Nothing a click carries is
 * trusted but the plan id: the plan, its requester and its state are read back from the store, and
 * every change of state is one compare-and-set, so a plan is applied once however many clicks,
 * retries and replicas race for it.
 */
public final class ApprovalFlow {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalFlow.class);

    private final PlanStore store;
    private final AuditTrail audit;
    private final AccountDirectory accounts;
    private final NodeRoleChecker checker;
    private final FixPlanner planner;
    private final AccountAccess access;
    private final Approvers approvers;
    private final ChannelPoster poster;
    private final ApprovalMessageBuilder messages;
    private final SlackCheck check;
    private final Duration expiry;
    private final Clock clock;
    private final PlanApplier applier = new PlanApplier();
    /** Plans this process is applying now: recovery never takes them, however long IAM keeps them busy. */
    private final Set<String> applyingHere = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Where a click came from: who, which channel, the message it was on, and its response URL. */
    public record Click(String userId, String channelId, String messageTs, String responseUrl) {}

    @Inject
    public ApprovalFlow(PlanStore store, AuditTrail audit, AccountDirectory accounts, NodeRoleChecker checker, FixPlanner planner,
            AccountAccess access, Approvers approvers, ChannelPoster poster, ApprovalMessageBuilder messages, SlackCheck check,
            EksroleConfig config, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.audit = requireNonNull(audit, "audit");
        this.accounts = requireNonNull(accounts, "accounts");
        this.checker = requireNonNull(checker, "checker");
        this.planner = requireNonNull(planner, "planner");
        this.access = requireNonNull(access, "access");
        this.approvers = requireNonNull(approvers, "approvers");
        this.poster = requireNonNull(poster, "poster");
        this.messages = requireNonNull(messages, "messages");
        this.check = requireNonNull(check, "check");
        this.expiry = config.planExpiry();
        this.clock = requireNonNull(clock, "clock");
    }

    /** Fix… on a check result: the offered plan becomes an approval request in the channel. */
    public void requestFix(String planId, Click click) {
        Optional<Loaded> loaded = load(planId, click);
        if (loaded.isEmpty()) {
            return;
        }
        PlanRecord rec = loaded.get().record();
        Instant now = clock.instant();
        if (rec.status() == PlanStatus.OFFERED && rec.expiredAt(now)) {
            tell(click, "This check result is too old to fix from (plans last " + minutes(expiry) + "). Re-check `"
                    + loaded.get().account().name() + "` for a fresh one.");
            return;
        }
        Instant expiresAt = now.plus(expiry);
        if (!store.request(planId, click.userId(), now, expiresAt)) {
            PlanRecord current = store.find(planId).orElse(rec);
            tell(click, current.status() == PlanStatus.PENDING
                    ? "<@" + current.requestedBy() + "> already asked for this fix; the approval request is in the channel."
                    : "This fix is " + current.status().name().toLowerCase() + " already. Re-check for a fresh plan.");
            return;
        }
        postRequest(planId, loaded.get().plan(), loaded.get().account(), click.userId(), expiresAt, click);
        record(click.userId(), rec, "plan", loaded.get().plan().title(), "requested");
    }

    /** Approve: only approvers, not the requester (unless allowed), only once, and only if nothing changed. */
    public void approve(String planId, Click click) {
        Optional<Loaded> loaded = loadIn(planId, PlanStatus.PENDING, click);
        if (loaded.isEmpty()) {
            return;
        }
        PlanRecord rec = loaded.get().record();
        Approvers.Refusal refusal = approvers.check(click.userId(), rec.requestedBy());
        if (refusal != null) {
            record(click.userId(), rec, "refuse", "approve refused", refusal.message());
            tell(click, refusal.message());
            return;
        }
        Instant now = clock.instant();
        if (rec.expiredAt(now)) {
            if (store.transition(planId, PlanStatus.PENDING, PlanStatus.EXPIRED, null, now)) {
                record(click.userId(), rec, "expire", "approval came after " + rec.expiresAt(), "expired");
                poster.update(channelOf(rec, click), tsOf(rec, click), click.responseUrl(),
                        messages.expired(planId, loaded.get().plan(), loaded.get().account(), rec.requestedBy(), rec.expiresAt()));
            }
            tell(click, "This plan expired " + ApprovalMessageBuilder.date(rec.expiresAt()) + "; nothing was changed. "
                    + "Re-check for a fresh plan.");
            return;
        }
        if (!store.approve(planId, click.userId(), now)) {
            tell(click, alreadyDecided(store.find(planId).orElse(rec)));
            return;
        }
        apply(rec, loaded.get(), click, false, () -> {
            record(click.userId(), rec, "approve", loaded.get().plan().title(), "approved");
            showOutcome(rec, loaded.get(), click, ":gear: Approved by <@" + click.userId() + "> "
                    + ApprovalMessageBuilder.date(now) + "; re-checking the account, then applying…", null, false);
        });
    }

    /** Resume a fix that stopped part-way: its steps are idempotent, so running them again finishes it. */
    public void resume(String planId, Click click) {
        Optional<Loaded> loaded = loadIn(planId, PlanStatus.FAILED, click);
        if (loaded.isEmpty()) {
            return;
        }
        PlanRecord rec = loaded.get().record();
        if (!approvers.isApprover(click.userId())) {
            record(click.userId(), rec, "refuse", "resume refused", "not an approver");
            tell(click, "Only approvers can resume a fix. Can approve: " + approvers.describe() + ".");
            return;
        }
        if (!store.resume(planId, click.userId(), clock.instant())) {
            tell(click, alreadyDecided(store.find(planId).orElse(rec)));
            return;
        }
        apply(rec, loaded.get(), click, true, () -> {
            record(click.userId(), rec, "resume", loaded.get().plan().title(), "resumed");
            showOutcome(rec, loaded.get(), click, ":gear: Resumed by <@" + click.userId() + ">; re-checking the account, then applying what is left…", null, false);
        });
    }

    /** Reject: an approver or the requester; nothing changes in AWS. */
    public void reject(String planId, Click click) {
        Optional<Loaded> loaded = loadIn(planId, PlanStatus.PENDING, click);
        if (loaded.isEmpty()) {
            return;
        }
        PlanRecord rec = loaded.get().record();
        if (!approvers.isApprover(click.userId()) && !click.userId().equals(rec.requestedBy())) {
            record(click.userId(), rec, "refuse", "reject refused", "not an approver or the requester");
            tell(click, "Only the requester or an approver can reject this fix. Can approve: " + approvers.describe() + ".");
            return;
        }
        Instant now = clock.instant();
        if (!store.transition(planId, PlanStatus.PENDING, PlanStatus.REJECTED, click.userId(), now)) {
            tell(click, alreadyDecided(store.find(planId).orElse(rec)));
            return;
        }
        record(click.userId(), rec, "reject", loaded.get().plan().title(), "rejected");
        showOutcome(rec, loaded.get(), click, ":no_entry: Rejected by <@" + click.userId() + "> "
                + ApprovalMessageBuilder.date(now) + ". Nothing was changed.", null, false);
    }

    /** Re-check from an expired request. */
    public void recheck(String planId, Click click) {
        load(planId, click).ifPresent(l -> check.run(l.account(), click.userId(), click.channelId(), click.responseUrl()));
    }

    /** Everything after the winning compare-and-set: whatever fails, the plan must not stay APPLYING. */
    private void apply(PlanRecord rec, Loaded loaded, Click click, boolean resuming, Runnable announce) {
        applyingHere.add(rec.id());
        try {
            announce.run();
            applyApproved(rec, loaded, click, resuming);
        } catch (RuntimeException e) {
            // whatever went wrong, the plan must not stay APPLYING: say so, and let an approver resume it
            LOG.error("applying plan {} failed", rec.id(), e);
            fail(rec, loaded, click, ":x: Applying stopped on an unexpected error (" + e.getClass().getSimpleName()
                    + "); some steps may be done. Resume runs the plan again; done steps are skipped.", null);
        } finally {
            applyingHere.remove(rec.id());
        }
    }

    /**
     * Plans left APPLYING by a bot that stopped mid-apply (killed, or cut off at shutdown) become
     * resumable: FAILED, with the request saying so. Only plans approved or resumed long enough ago
     * that no replica can still be applying them: an apply takes seconds.
     */
    public int recoverInterrupted(Duration olderThan) {
        int recovered = 0;
        Instant now = clock.instant();
        for (PlanRecord rec : store.applyingSince(now.minus(olderThan), 100)) {
            if (applyingHere.contains(rec.id()) || !store.transition(rec.id(), PlanStatus.APPLYING, PlanStatus.FAILED, null, now)) {
                continue;
            }
            recovered++;
            try {
                Account account = accounts.resolve(rec.accountId());
                FixPlan plan = PlanCodec.decode(rec.planJson());
                record("eksrole", rec, "interrupted", "the bot stopped while applying", "failed");
                poster.update(rec.channelId(), rec.messageTs(), null, messages.outcome(rec.id(), plan, account, rec.requestedBy(),
                        ":warning: eksrole stopped while applying this fix; some steps may be done. Resume runs it again; "
                                + "done steps are skipped.", null, true));
            } catch (UnknownAccountException | RuntimeException e) {
                LOG.warn("plan {} was interrupted and is now resumable, but its message could not be updated: {}", rec.id(), e.toString());
            }
        }
        return recovered;
    }

    private void applyApproved(PlanRecord rec, Loaded loaded, Click click, boolean resuming) {
        String planId = rec.id();
        FixPlan plan = loaded.plan();
        Account account = loaded.account();
        AccountReport report = checker.check(account, click.userId());
        if (!report.findings().isEmpty() && report.findings().stream().allMatch(f -> f.severity() == Severity.UNKNOWN)) {
            fail(rec, loaded, click, "Could not re-check " + account.label() + " (" + report.findings().get(0).detail()
                    + "), so nothing was applied.", null);
            return;
        }
        List<PlanStep> toRun = plan.steps();
        if (!resuming) {
            Optional<FixPlan> fresh = planner.replan(plan, report);
            if (fresh.isEmpty() || !fresh.get().steps().equals(plan.steps())) {
                supersede(rec, loaded, click, fresh);
                return;
            }
        } else {
            // what is left of the approved plan, judged again on the account as it is now
            Set<PlanStep> needed = new HashSet<>();
            planner.offers(report).forEach(p -> needed.addAll(p.steps()));
            Set<PlanStep> done = new HashSet<>();
            if (rec.resultJson() != null) {
                PlanCodec.decodeResult(rec.resultJson()).steps().stream()
                        .filter(r -> r.status().succeeded()).forEach(r -> done.add(r.step()));
            }
            List<PlanStep> remaining = plan.steps().stream().filter(step -> !done.contains(step)).toList();
            boolean changed = remaining.stream().anyMatch(step -> !needed.contains(step)
                    && needed.stream().anyMatch(fresh -> sameTarget(step, fresh)));
            if (changed) {
                store.transition(planId, PlanStatus.APPLYING, PlanStatus.SUPERSEDED, null, clock.instant());
                record(click.userId(), rec, "supersede", "account or config changed since approval", "nothing more applied");
                showOutcome(rec, loaded, click, ":warning: Nothing more was applied: what this plan would still do changed since it "
                        + "was approved (a trust, or the configured role, tags or ECR policy). Re-check " + account.name()
                        + " for a fresh plan.", null, false);
                return;
            }
            toRun = remaining.stream().filter(needed::contains).toList();
        }
        ApplyResult result;
        try (AccountWriter writer = access.openWriter(account, click.userId())) {
            ApplyResult ran = applier.apply(toRun, writer, step -> record(click.userId(), rec, step.step().iamCall().split(" ")[0],
                    step.step().iamCall(), step.status() == StepResult.Status.FAILED ? "failed: " + step.message() : step.status().name()));
            result = resuming ? withSkipped(plan, rec, ran) : ran;
        } catch (AccountAccessException e) {
            fail(rec, loaded, click, "Could not assume the access role of " + account.label() + " to apply ("
                    + e.finding().detail() + "); nothing was applied.", null);
            return;
        }
        store.saveResult(planId, PlanCodec.encode(result));
        Instant now = clock.instant();
        String decider = store.find(planId).map(PlanRecord::decidedBy).orElse(click.userId());
        if (result.complete()) {
            if (!store.transition(planId, PlanStatus.APPLYING, PlanStatus.APPLIED, null, now)) {
                LOG.warn("plan {} was applied but was no longer APPLYING in the store (taken for interrupted)", planId);
            }
            record(click.userId(), rec, "applied", plan.title(), "applied");
            showOutcome(rec, loaded, click, ":white_check_mark: Applied " + ApprovalMessageBuilder.date(now) + ". "
                    + (resuming ? "Resumed by <@" : "Approved by <@") + decider + ">.", result, false);
        } else {
            long done = result.steps().stream().filter(s -> s.status().succeeded()).count();
            fail(rec, loaded, click, ":x: Stopped part-way: " + done + " of " + result.steps().size()
                    + " steps done, the rest not applied (see below). Resume applies what is left.", result);
        }
        // the channel sees the account as it is now
        check.run(account, click.userId(), click.channelId(), click.responseUrl());
    }

    /**
     * Whether a fresh check asks for the same thing in another form: the trust of the same role against
     * another current trust, a role to create under other settings, or the other ECR policy for the role.
     */
    private static boolean sameTarget(PlanStep approved, PlanStep fresh) {
        if (approved instanceof PlanStep.ReplaceTrust && fresh instanceof PlanStep.ReplaceTrust) {
            return approved.roleName().equals(fresh.roleName());
        }
        if (approved instanceof PlanStep.CreateRole && fresh instanceof PlanStep.CreateRole) {
            return true;
        }
        if (approved instanceof PlanStep.AttachPolicy a && fresh instanceof PlanStep.AttachPolicy b) {
            return a.roleName().equals(b.roleName()) && isEcr(a.policyArn()) && isEcr(b.policyArn());
        }
        return false;
    }

    private static boolean isEcr(String policyArn) {
        return policyArn.endsWith("/" + dev.eksrole.noderole.ManagedPolicy.ECR_READ_ONLY.policyName())
                || policyArn.endsWith("/" + dev.eksrole.noderole.ManagedPolicy.ECR_PULL_ONLY.policyName());
    }

    /** A resumed plan's result: earlier results for steps done before, and a word for steps no longer needed. */
    private static ApplyResult withSkipped(FixPlan plan, PlanRecord rec, ApplyResult ran) {
        List<StepResult> earlier = rec.resultJson() == null ? List.of() : PlanCodec.decodeResult(rec.resultJson()).steps();
        List<StepResult> all = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            Optional<StepResult> now = ran.steps().stream().filter(r -> r.step().equals(step)).findFirst();
            Optional<StepResult> before = earlier.stream().filter(r -> r.step().equals(step) && r.status().succeeded()).findFirst();
            all.add(now.or(() -> before).orElse(new StepResult(step, StepResult.Status.ALREADY_DONE,
                    "not needed any more on a fresh check; nothing changed")));
        }
        return new ApplyResult(all);
    }

    private void fail(PlanRecord rec, Loaded loaded, Click click, String headline, ApplyResult result) {
        store.transition(rec.id(), PlanStatus.APPLYING, PlanStatus.FAILED, null, clock.instant());
        record(click.userId(), rec, "failed", headline, "failed");
        showOutcome(rec, loaded, click, headline, result, true);
    }

    private void supersede(PlanRecord rec, Loaded loaded, Click click, Optional<FixPlan> fresh) {
        Instant now = clock.instant();
        store.transition(rec.id(), PlanStatus.APPLYING, PlanStatus.SUPERSEDED, null, now);
        String headline;
        if (fresh.isEmpty()) {
            headline = ":information_source: Nothing was applied: " + loaded.account().label()
                    + " no longer needs this fix (it changed since the plan was made).";
            record(click.userId(), rec, "supersede", "no longer needed", "nothing applied");
        } else {
            String newId = UUID.randomUUID().toString();
            Instant expiresAt = now.plus(expiry);
            store.insert(FixOffers.record(newId, fresh.get(), PlanStatus.PENDING, rec.requestedBy(), now, expiresAt));
            postRequest(newId, fresh.get(), loaded.account(), rec.requestedBy(), expiresAt, click);
            headline = ":warning: Nothing was applied: " + loaded.account().label()
                    + " changed since this plan was made. A fresh plan was posted for approval.";
            record(click.userId(), rec, "supersede", "account changed; new plan " + newId, "nothing applied");
        }
        showOutcome(rec, loaded, click, headline, null, false);
    }

    private void postRequest(String planId, FixPlan plan, Account account, String requester, Instant expiresAt, Click click) {
        SlackMessage request = messages.request(planId, plan, account, requester, expiresAt, approvers.describe());
        String ts = poster.postMessage(click.channelId(), request, null);
        if (ts != null) {
            store.saveMessage(planId, click.channelId(), ts);
        } else if (poster.postInChannel(click.responseUrl(), click.channelId(), request) == ChannelPoster.Delivery.NOT_DELIVERED) {
            // nobody can approve a request nobody sees: void it and say so
            store.transition(planId, PlanStatus.PENDING, PlanStatus.EXPIRED, null, clock.instant());
            tell(click, "Slack did not take the approval request for " + account.label() + ", so nothing will be applied. "
                    + "Re-check and try again; if it keeps failing, invite the bot to this channel.");
        }
    }

    private record Loaded(PlanRecord record, FixPlan plan, Account account) {}

    /** The plan if it is in the status the click expects; otherwise the clicker is told where it stands. */
    private Optional<Loaded> loadIn(String planId, PlanStatus expected, Click click) {
        Optional<Loaded> loaded = load(planId, click);
        if (loaded.isPresent() && loaded.get().record().status() != expected) {
            tell(click, alreadyDecided(loaded.get().record()));
            return Optional.empty();
        }
        return loaded;
    }

    /** Replaces the approval request with its outcome: buttons gone (but Resume), what happened, who decided. */
    private void showOutcome(PlanRecord rec, Loaded loaded, Click click, String headline, ApplyResult result, boolean resumable) {
        poster.update(channelOf(rec, click), tsOf(rec, click), click.responseUrl(),
                messages.outcome(rec.id(), loaded.plan(), loaded.account(), rec.requestedBy(), headline, result, resumable));
    }

    private Optional<Loaded> load(String planId, Click click) {
        Optional<PlanRecord> rec = store.find(planId);
        if (rec.isEmpty()) {
            tell(click, "That button belongs to a plan eksrole does not know (any more). Re-check the account for a fresh one.");
            return Optional.empty();
        }
        try {
            Account account = accounts.resolve(rec.get().accountId());
            return Optional.of(new Loaded(rec.get(), PlanCodec.decode(rec.get().planJson()), account));
        } catch (UnknownAccountException e) {
            tell(click, "Account " + rec.get().accountId() + " is no longer in the eksrole config, so this plan cannot go on.");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            LOG.error("plan {} cannot be read back", planId, e);
            tell(click, "eksrole cannot read this plan back (" + e.getMessage() + "). Re-check the account for a fresh one.");
            return Optional.empty();
        }
    }

    private static String alreadyDecided(PlanRecord rec) {
        String by = rec.decidedBy() == null ? "" : " by <@" + rec.decidedBy() + ">";
        return switch (rec.status()) {
            case OFFERED -> "Nobody has asked for this fix yet: press Fix… on the check result first.";
            case PENDING -> "This fix is waiting for approval.";
            case APPLYING -> "This fix was approved" + by + " and is being applied.";
            case APPLIED -> "This fix was already approved" + by + " and applied.";
            case FAILED -> "This fix stopped part-way; an approver can resume it.";
            case REJECTED -> "This fix was rejected" + by + ".";
            case EXPIRED -> "This plan expired; nothing was changed. Re-check for a fresh plan.";
            case SUPERSEDED -> "This plan was replaced because the account changed; see the newer request.";
        };
    }

    private void tell(Click click, String text) {
        poster.postEphemeral(click.responseUrl(), click.channelId(), click.userId(), new SlackMessage(text, List.of(
                com.slack.api.model.block.Blocks.section(s -> s.text(
                        com.slack.api.model.block.composition.BlockCompositions.markdownText(text))))));
    }

    private void record(String actor, PlanRecord rec, String action, String detail, String result) {
        audit.record(actor, rec.accountId(), rec.roleName(), action, rec.id(), detail, result);
    }

    private static String channelOf(PlanRecord rec, Click click) {
        return rec.channelId() != null ? rec.channelId() : click.channelId();
    }

    private static String tsOf(PlanRecord rec, Click click) {
        return rec.messageTs() != null ? rec.messageTs() : click.messageTs();
    }

    private static String minutes(Duration duration) {
        return HumanDuration.format(duration);
    }
}

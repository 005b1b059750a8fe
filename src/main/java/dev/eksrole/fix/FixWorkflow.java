package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.fix.ApplyHeartbeat;
import dev.eksrole.fix.AuditTrail;
import dev.eksrole.fix.HumanDuration;
import dev.eksrole.fix.ResumeSteps;
import dev.eksrole.slack.ApprovalMessageBuilder;
import dev.eksrole.slack.ApprovalRequests;
import dev.eksrole.slack.ChannelPoster;
import dev.eksrole.slack.Mrkdwn;
import dev.eksrole.slack.SlackCheck;
import dev.eksrole.store.PlanCodec;
import dev.eksrole.store.PlanRecord;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fix → approval request → Approve/Reject → re-check → apply, from Slack. Nothing a click carries is
 * trusted but the plan id: the plan, its requester and its state are read back from the store, and
 * every change of state is one compare-and-set, so a plan is applied once however many clicks,
 * retries and replicas race for it.
 */
public final class FixWorkflow {

    private static final Logger LOG = LoggerFactory.getLogger(FixWorkflow.class);

    private final PlanStore store;
    private final AuditTrail audit;
    private final AccountDirectory accounts;
    private final NodeRoleChecker checker;
    private final FixPlanner planner;
    private final AccountAccess access;
    private final Approvers approvers;
    private final ChannelPoster poster;
    private final ApprovalMessageBuilder messages;
    private final ApprovalRequests requests;
    private final SlackCheck check;
    private final Duration expiry;
    private final Clock clock;
    private final ApplyHeartbeat heartbeat;
    private final PlanApplier applier = new PlanApplier();
    private final java.util.Map<String, java.util.concurrent.locks.Lock> accountLocks = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where a click came from: who, which channel, the message it was on, and its response URL. */
    public record Click(String userId, String channelId, String messageTs, String responseUrl) {}

    @Inject
    public FixWorkflow(PlanStore store, AuditTrail audit, AccountDirectory accounts, NodeRoleChecker checker, FixPlanner planner,
            AccountAccess access, Approvers approvers, ChannelPoster poster, ApprovalMessageBuilder messages, ApprovalRequests requests,
            SlackCheck check, EksroleConfig.ApprovalPolicy policy, Clock clock, ApplyHeartbeat heartbeat) {
        this.store = requireNonNull(store, "store");
        this.audit = requireNonNull(audit, "audit");
        this.accounts = requireNonNull(accounts, "accounts");
        this.checker = requireNonNull(checker, "checker");
        this.planner = requireNonNull(planner, "planner");
        this.access = requireNonNull(access, "access");
        this.approvers = requireNonNull(approvers, "approvers");
        this.poster = requireNonNull(poster, "poster");
        this.messages = requireNonNull(messages, "messages");
        this.requests = requireNonNull(requests, "requests");
        this.check = requireNonNull(check, "check");
        this.expiry = policy.planExpiry();
        this.clock = requireNonNull(clock, "clock");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat");
    }

    /**
     * Fix… on a check result: the offered plan becomes an approval request in the channel, or, when it is
     * too big for one message, a request per batch, each a plan of its own.
     */
    public void requestFix(String planId, Click click) {
        Optional<Loaded> loaded = load(planId, click);
        if (loaded.isEmpty()) {
            return;
        }
        PlanRecord rec = loaded.get().record();
        Instant now = clock.instant();
        if (rec.status() == PlanStatus.OFFERED && rec.expiredAt(now)) {
            tell(click, Mrkdwn.of("This check result is too old to fix from (plans last {}). Re-check {} for a fresh one.",
                    minutes(expiry), Mrkdwn.code(loaded.get().account().name())));
            return;
        }
        List<FixPlan> batches = requests.batches(loaded.get().plan(), loaded.get().account(), click.userId());
        Instant expiresAt = now.plus(expiry);
        boolean taken = batches.size() == 1
                ? store.request(planId, click.userId(), now, expiresAt)
                : rec.status() == PlanStatus.OFFERED && store.transition(planId, PlanStatus.OFFERED, PlanStatus.SPLIT, click.userId(), now);
        if (!taken) {
            PlanRecord current = store.find(planId).orElse(rec);
            tell(click, switch (current.status()) {
                case PENDING -> Mrkdwn.of("{} already asked for this fix; the approval request is in the channel.",
                        Mrkdwn.user(current.requestedBy()));
                case SPLIT -> alreadyDecided(current);
                default -> Mrkdwn.of("This fix is {} already. Re-check for a fresh plan.", current.status().name().toLowerCase(Locale.ROOT));
            });
            return;
        }
        if (batches.size() == 1) {
            requests.post(planId, loaded.get().plan(), loaded.get().account(), click.userId(), expiresAt, click);
            record(click.userId(), rec, "plan", loaded.get().plan().title(), "requested");
        } else {
            record(click.userId(), rec, "split", loaded.get().plan().title() + " in " + batches.size()
                    + " batches, each with its own approval request", "split");
            requests.postNew(batches, loaded.get().account(), click.userId(), click);
        }
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
            record(click.userId(), rec, "refuse", "approve refused", refusal.message().plain());
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
            tell(click, Mrkdwn.of("This plan expired {}; nothing was changed. Re-check for a fresh plan.", Mrkdwn.date(rec.expiresAt())));
            return;
        }
        String holder = heartbeat.newHolder();
        if (!store.approve(planId, click.userId(), holder, now)) {
            tell(click, alreadyDecided(store.find(planId).orElse(rec)));
            return;
        }
        apply(rec, loaded.get(), click, holder, false, () -> {
            record(click.userId(), rec, "approve", loaded.get().plan().title(), "approved");
            showOutcome(rec, loaded.get(), click, Mrkdwn.of(":gear: Approved by {} {}; re-checking the account, then applying…",
                    Mrkdwn.user(click.userId()), Mrkdwn.date(now)), null, false);
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
            tell(click, Mrkdwn.of("Only approvers can resume a fix. Can approve: {}.", approvers.mentions()));
            return;
        }
        String holder = heartbeat.newHolder();
        if (!store.resume(planId, click.userId(), holder, clock.instant())) {
            tell(click, alreadyDecided(store.find(planId).orElse(rec)));
            return;
        }
        apply(rec, loaded.get(), click, holder, true, () -> {
            record(click.userId(), rec, "resume", loaded.get().plan().title(), "resumed");
            showOutcome(rec, loaded.get(), click, Mrkdwn.of(":gear: Resumed by {}; re-checking the account, then applying what is left…",
                    Mrkdwn.user(click.userId())), null, false);
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
            tell(click, Mrkdwn.of("Only the requester or an approver can reject this fix. Can approve: {}.", approvers.mentions()));
            return;
        }
        Instant now = clock.instant();
        if (!store.transition(planId, PlanStatus.PENDING, PlanStatus.REJECTED, click.userId(), now)) {
            tell(click, alreadyDecided(store.find(planId).orElse(rec)));
            return;
        }
        record(click.userId(), rec, "reject", loaded.get().plan().title(), "rejected");
        showOutcome(rec, loaded.get(), click, Mrkdwn.of(":no_entry: Rejected by {} {}. Nothing was changed.",
                Mrkdwn.user(click.userId()), Mrkdwn.date(now)), null, false);
    }

    /** Re-check from an expired request. */
    public void recheck(String planId, Click click) {
        load(planId, click).ifPresent(l -> check.run(l.account(), click.userId(), click.channelId(), click.responseUrl()));
    }

    /**
     * Everything after the winning compare-and-set, as {@code holder}: whatever fails, the plan must not stay APPLYING.
     * It beats while it waits for the account and while it applies, so no replica takes it for interrupted.
     */
    private void apply(PlanRecord rec, Loaded loaded, Click click, String holder, boolean resuming, Runnable announce) {
        heartbeat.hold(rec.id(), holder);
        // one apply at a time per account in this process: batches approved together re-check and write in turn
        java.util.concurrent.locks.Lock accountLock = accountLocks.computeIfAbsent(rec.accountId(),
                id -> new java.util.concurrent.locks.ReentrantLock());
        try {
            announce.run();
            accountLock.lock();
            try {
                applyApproved(rec, loaded, click, holder, resuming);
            } finally {
                accountLock.unlock();
            }
        } catch (RuntimeException e) {
            // whatever went wrong, the plan must not stay APPLYING: say so, and let an approver resume it
            LOG.error("applying plan {} failed", rec.id(), e);
            fail(rec, loaded, click, holder, Mrkdwn.of(":x: Applying stopped on an unexpected error ({}); some steps may be done. "
                    + "Resume runs the plan again; done steps are skipped.", e.getClass().getSimpleName()), null);
        } finally {
            heartbeat.release(holder);
        }
    }

    private void applyApproved(PlanRecord rec, Loaded loaded, Click click, String holder, boolean resuming) {
        String planId = rec.id();
        FixPlan plan = loaded.plan();
        Account account = loaded.account();
        AccountReport report = checker.check(account, click.userId());
        if (!report.findings().isEmpty() && report.findings().stream().allMatch(f -> f.severity() == Severity.UNKNOWN)) {
            fail(rec, loaded, click, holder, Mrkdwn.of("Could not re-check {} ({}), so nothing was applied.", account.label(),
                    Mrkdwn.text(report.findings().get(0).detail(), MAX_DETAIL)), null);
            return;
        }
        List<PlanStep> toRun = plan.steps();
        if (!resuming) {
            Optional<FixPlan> fresh = planner.replan(plan, report);
            if (fresh.isEmpty() || !fresh.get().steps().equals(plan.steps())) {
                supersede(rec, loaded, click, holder, fresh);
                return;
            }
        } else {
            Optional<List<PlanStep>> left = ResumeSteps.toRun(plan, rec.resultJson(), planner.offers(report));
            if (left.isEmpty()) {
                if (!finish(rec, holder, PlanStatus.SUPERSEDED)) {
                    return;
                }
                record(click.userId(), rec, "supersede", "account or config changed since approval", "nothing more applied");
                showOutcome(rec, loaded, click, Mrkdwn.of(":warning: Nothing more was applied: what this plan would still do changed "
                        + "since it was approved (a trust, or the configured role, tags or ECR policy). Re-check {} for a fresh plan.",
                        account.name()), null, false);
                return;
            }
            toRun = left.get();
        }
        ApplyResult result;
        try (AccountWriter writer = access.openWriter(account, click.userId())) {
            ApplyResult ran = applier.apply(toRun, writer, step -> record(click.userId(), rec, step.step().iamCall().split(" ")[0],
                    step.step().iamCall(), step.status() == StepResult.Status.FAILED ? "failed: " + step.message() : step.status().name()));
            result = resuming ? ResumeSteps.withSkipped(plan, rec.resultJson(), ran) : ran;
        } catch (AccountAccessException e) {
            fail(rec, loaded, click, holder, Mrkdwn.of("Could not assume the access role of {} to apply ({}); nothing was applied.",
                    account.label(), Mrkdwn.text(e.finding().detail(), MAX_DETAIL)), null);
            return;
        }
        store.saveResult(planId, PlanCodec.encode(result));
        Instant now = clock.instant();
        String decider = store.find(planId).map(PlanRecord::decidedBy).orElse(click.userId());
        if (result.complete()) {
            boolean finished = finish(rec, holder, PlanStatus.APPLIED);
            record(click.userId(), rec, "applied", plan.title(), "applied");
            if (finished) {
                showOutcome(rec, loaded, click, Mrkdwn.of(":white_check_mark: Applied {}. " + (resuming ? "Resumed" : "Approved") + " by {}.",
                        Mrkdwn.date(now), Mrkdwn.user(decider)), result, false);
            }
        } else {
            long done = result.steps().stream().filter(s -> s.status().succeeded()).count();
            fail(rec, loaded, click, holder, Mrkdwn.of(":x: Stopped part-way: {} of {} steps done, the rest not applied (see below). "
                    + "Resume applies what is left.", done, result.steps().size()), result);
        }
        // the channel sees the account as it is now
        check.run(account, click.userId(), click.channelId(), click.responseUrl());
    }

    private void fail(PlanRecord rec, Loaded loaded, Click click, String holder, Mrkdwn headline, ApplyResult result) {
        boolean finished = finish(rec, holder, PlanStatus.FAILED);
        record(click.userId(), rec, "failed", headline.plain(), "failed");
        if (finished) {
            showOutcome(rec, loaded, click, headline, result, true);
        }
    }

    /**
     * Records how this apply ended. False when the plan was taken as interrupted and then resumed by another apply
     * meanwhile: that one owns the plan and its message now, so this outcome goes only to the log and the audit.
     */
    private boolean finish(PlanRecord rec, String holder, PlanStatus to) {
        // released first, so no beat lands between the end and the release
        heartbeat.release(holder);
        if (store.finish(rec.id(), holder, to)) {
            return true;
        }
        LOG.warn("plan {} ended here as {}, but it had been taken as interrupted and resumed meanwhile; that apply reports it",
                rec.id(), to);
        return false;
    }

    private void supersede(PlanRecord rec, Loaded loaded, Click click, String holder, Optional<FixPlan> fresh) {
        if (!finish(rec, holder, PlanStatus.SUPERSEDED)) {
            return;
        }
        Mrkdwn headline;
        if (fresh.isEmpty()) {
            headline = Mrkdwn.of(":information_source: Nothing was applied: {} no longer needs this fix (it changed since the plan "
                    + "was made).", loaded.account().label());
            record(click.userId(), rec, "supersede", "no longer needed", "nothing applied");
        } else {
            // the fresh plan may need batches of its own
            List<String> ids = requests.postNew(requests.batches(fresh.get(), loaded.account(), rec.requestedBy()), loaded.account(),
                    rec.requestedBy(), click);
            Mrkdwn posted = ids.size() == 1 ? Mrkdwn.of("A fresh plan was posted for approval.")
                    : Mrkdwn.of("A fresh plan was posted for approval, in {} batches.", ids.size());
            headline = Mrkdwn.of(":warning: Nothing was applied: {} changed since this plan was made. {}", loaded.account().label(), posted);
            record(click.userId(), rec, "supersede", "account changed; new plan " + String.join(", ", ids), "nothing applied");
        }
        showOutcome(rec, loaded, click, headline, null, false);
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
    private void showOutcome(PlanRecord rec, Loaded loaded, Click click, Mrkdwn headline, ApplyResult result, boolean resumable) {
        poster.update(channelOf(rec, click), tsOf(rec, click), click.responseUrl(),
                messages.outcome(rec.id(), loaded.plan(), loaded.account(), rec.requestedBy(), headline, result, resumable));
    }

    private Optional<Loaded> load(String planId, Click click) {
        Optional<PlanRecord> rec = store.find(planId);
        if (rec.isEmpty()) {
            tell(click, Mrkdwn.of("That button belongs to a plan eksrole does not know (any more). Re-check the account for a fresh one."));
            return Optional.empty();
        }
        try {
            Account account = accounts.resolve(rec.get().accountId());
            return Optional.of(new Loaded(rec.get(), PlanCodec.decode(rec.get().planJson()), account));
        } catch (UnknownAccountException e) {
            tell(click, Mrkdwn.of("Account {} is no longer in the eksrole config, so this plan cannot go on.", rec.get().accountId()));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            LOG.error("plan {} cannot be read back", planId, e);
            tell(click, Mrkdwn.of("eksrole cannot read this plan back ({}). Re-check the account for a fresh one.",
                    Mrkdwn.text(String.valueOf(e.getMessage()), MAX_DETAIL)));
            return Optional.empty();
        }
    }

    private static Mrkdwn alreadyDecided(PlanRecord rec) {
        Mrkdwn by = rec.decidedBy() == null ? Mrkdwn.of("") : Mrkdwn.of(" by {}", Mrkdwn.user(rec.decidedBy()));
        return switch (rec.status()) {
            case OFFERED -> Mrkdwn.of("Nobody has asked for this fix yet: press Fix… on the check result first.");
            case PENDING -> Mrkdwn.of("This fix is waiting for approval.");
            case APPLYING -> Mrkdwn.of("This fix was approved{} and is being applied.", by);
            case APPLIED -> Mrkdwn.of("This fix was already approved{} and applied.", by);
            case FAILED -> Mrkdwn.of("This fix stopped part-way; an approver can resume it.");
            case REJECTED -> Mrkdwn.of("This fix was rejected{}.", by);
            case EXPIRED -> Mrkdwn.of("This plan expired; nothing was changed. Re-check for a fresh plan.");
            case SUPERSEDED -> Mrkdwn.of("This plan was replaced because the account changed; see the newer request.");
            case SPLIT -> Mrkdwn.of("This fix was too big for one message, so it was split into batches{}: each has its own "
                    + "approval request in the channel.", by);
        };
    }

    private void tell(Click click, Mrkdwn text) {
        requests.tell(click, text);
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

    /** AWS's words in a reply are cut to this many characters; the log and the audit trail keep them whole. */
    static final int MAX_DETAIL = 500;

    private static String minutes(Duration duration) {
        return HumanDuration.format(duration);
    }
}

package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

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
import dev.eksrole.store.PlanCodec;
import dev.eksrole.store.PlanRecord;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fix from offer to outcome: request, approve or reject, re-check and apply, resume, expire. Nothing an actor sends
 * is trusted but the plan id: the plan, its requester and its state are read back from the store, and every change of
 * state is one compare-and-set, so a plan is applied once however many clicks, retries and replicas race for it. Each
 * step records itself in the audit trail and returns what happened; a front end presents it.
 */
public final class FixWorkflow {

    private static final Logger LOG = LoggerFactory.getLogger(FixWorkflow.class);

    /** AWS's words in a failure are cut to this many characters in the audit trail; the log keeps them whole. */
    static final int MAX_DETAIL = 500;

    private final PlanStore store;
    private final AuditTrail audit;
    private final AccountDirectory accounts;
    private final NodeRoleChecker checker;
    private final FixPlanner planner;
    private final AccountAccess access;
    private final Approvers approvers;
    private final RequestBatches batches;
    private final Duration expiry;
    private final Clock clock;
    private final ApplyHeartbeat heartbeat;
    private final PlanApplier applier = new PlanApplier();
    private final Map<String, Lock> accountLocks = new ConcurrentHashMap<>();

    @Inject
    public FixWorkflow(PlanStore store, AuditTrail audit, AccountDirectory accounts, NodeRoleChecker checker, FixPlanner planner,
            AccountAccess access, Approvers approvers, RequestBatches batches, EksroleConfig.ApprovalPolicy policy, Clock clock,
            ApplyHeartbeat heartbeat) {
        this.store = requireNonNull(store, "store");
        this.audit = requireNonNull(audit, "audit");
        this.accounts = requireNonNull(accounts, "accounts");
        this.checker = requireNonNull(checker, "checker");
        this.planner = requireNonNull(planner, "planner");
        this.access = requireNonNull(access, "access");
        this.approvers = requireNonNull(approvers, "approvers");
        this.batches = requireNonNull(batches, "batches");
        this.expiry = policy.planExpiry();
        this.clock = requireNonNull(clock, "clock");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat");
    }

    /**
     * {@code actor} asks for an offered fix: it becomes an approval request, or, when it is too big for one, a request
     * per batch, each a plan of its own.
     */
    public FixOutcome request(String planId, String actor) {
        return withPlan(planId, null, fix -> request(fix, actor));
    }

    private FixOutcome request(Fix fix, String actor) {
        String planId = fix.id();
        PlanRecord rec = fix.record();
        Instant now = clock.instant();
        if (rec.status() == PlanStatus.OFFERED && rec.expiredAt(now)) {
            return new FixOutcome.OfferExpired(fix, expiry);
        }
        List<FixPlan> parts = batches.batches(fix.plan(), fix.account(), actor);
        Instant expiresAt = now.plus(expiry);
        boolean taken = parts.size() == 1
                ? store.request(planId, actor, now, expiresAt)
                : rec.status() == PlanStatus.OFFERED && store.transition(planId, PlanStatus.OFFERED, PlanStatus.SPLIT, actor, now);
        if (!taken) {
            return new FixOutcome.AlreadyRequested(store.find(planId).orElse(rec));
        }
        if (parts.size() == 1) {
            record(actor, rec, "plan", fix.plan().title(), "requested");
            return new FixOutcome.Requested(fix, List.of(new ApprovalRequest(planId, fix.plan(), actor, expiresAt)));
        }
        record(actor, rec, "split", fix.plan().title() + " in " + parts.size() + " batches, each with its own approval request", "split");
        return new FixOutcome.Requested(fix, newRequests(parts, actor, actor));
    }

    /** Approve: only approvers, not the requester (unless allowed), only once, and only if nothing changed. */
    public FixOutcome approve(String planId, String actor, ApplyProgress progress) {
        return withPlan(planId, PlanStatus.PENDING, fix -> {
            PlanRecord rec = fix.record();
            Optional<Refusal> refusal = approvers.refusalToApprove(actor, rec.requestedBy());
            if (refusal.isPresent()) {
                return refuse(fix, actor, "approve", refusal.get());
            }
            Instant now = clock.instant();
            if (rec.expiredAt(now)) {
                boolean expiredNow = store.transition(planId, PlanStatus.PENDING, PlanStatus.EXPIRED, null, now);
                if (expiredNow) {
                    record(actor, rec, "expire", "approval came after " + rec.expiresAt(), "expired");
                }
                return new FixOutcome.Expired(fix, expiredNow);
            }
            String holder = heartbeat.newHolder();
            if (!store.approve(planId, actor, holder, now)) {
                return alreadyDecided(fix);
            }
            return apply(fix, actor, holder, false, progress, () -> {
                record(actor, rec, "approve", fix.plan().title(), "approved");
                return new FixOutcome.Started(fix, actor, now, false);
            });
        });
    }

    /** Resume a fix that stopped part-way: its steps are idempotent, so running them again finishes it. */
    public FixOutcome resume(String planId, String actor, ApplyProgress progress) {
        return withPlan(planId, PlanStatus.FAILED, fix -> {
            if (!approvers.isApprover(actor)) {
                return refuse(fix, actor, "resume", Refusal.RESUME_NOT_AN_APPROVER);
            }
            String holder = heartbeat.newHolder();
            Instant now = clock.instant();
            if (!store.resume(planId, actor, holder, now)) {
                return alreadyDecided(fix);
            }
            return apply(fix, actor, holder, true, progress, () -> {
                record(actor, fix.record(), "resume", fix.plan().title(), "resumed");
                return new FixOutcome.Started(fix, actor, now, true);
            });
        });
    }

    /** Reject: an approver or the requester; nothing changes in AWS. */
    public FixOutcome reject(String planId, String actor) {
        return withPlan(planId, PlanStatus.PENDING, fix -> {
            if (!approvers.isApprover(actor) && !actor.equals(fix.requestedBy())) {
                return refuse(fix, actor, "reject", Refusal.REJECT_NOT_ALLOWED);
            }
            Instant now = clock.instant();
            if (!store.transition(planId, PlanStatus.PENDING, PlanStatus.REJECTED, actor, now)) {
                return alreadyDecided(fix);
            }
            record(actor, fix.record(), "reject", fix.plan().title(), "rejected");
            return new FixOutcome.Rejected(fix, actor, now);
        });
    }

    /** A fresh check of the plan's account, asked for from an expired request: anyone may ask, {@code actor} decides nothing. */
    public FixOutcome recheck(String planId, String actor) {
        return withPlan(planId, null, fix -> new FixOutcome.CheckAgain(fix.account()));
    }

    /** The request of a plan waiting for approval was shown at {@code channelId}/{@code messageTs}, to be updated there. */
    public void requestShown(String planId, String channelId, String messageTs) {
        store.saveMessage(planId, channelId, messageTs);
    }

    /** The request could not be shown: nobody can approve what nobody sees, so the plan is void. */
    public void requestNotShown(String planId) {
        store.transition(planId, PlanStatus.PENDING, PlanStatus.EXPIRED, null, clock.instant());
    }

    /**
     * Everything after the winning compare-and-set, as {@code holder}: whatever fails, the plan must not stay APPLYING.
     * It beats while it waits for the account and while it applies, so no replica takes it for interrupted.
     */
    private FixOutcome apply(Fix fix, String actor, String holder, boolean resuming, ApplyProgress progress,
            Supplier<FixOutcome.Started> start) {
        heartbeat.hold(fix.id(), holder);
        // one apply at a time per account in this process: batches approved together re-check and write in turn
        Lock accountLock = accountLocks.computeIfAbsent(fix.record().accountId(), id -> new ReentrantLock());
        try {
            progress.started(start.get());
            accountLock.lock();
            try {
                return applyApproved(fix, actor, holder, resuming);
            } finally {
                accountLock.unlock();
            }
        } catch (RuntimeException e) {
            // whatever went wrong, the plan must not stay APPLYING: say so, and let an approver resume it
            LOG.error("applying plan {} failed", fix.id(), e);
            return fail(fix, actor, holder, FixOutcome.Failed.Failure.UNEXPECTED, e.getClass().getSimpleName(), null);
        } finally {
            heartbeat.release(holder);
        }
    }

    private FixOutcome applyApproved(Fix fix, String actor, String holder, boolean resuming) {
        PlanRecord rec = fix.record();
        FixPlan plan = fix.plan();
        Account account = fix.account();
        AccountReport report = checker.check(account, actor);
        if (!report.findings().isEmpty() && report.findings().stream().allMatch(f -> f.severity() == Severity.UNKNOWN)) {
            return fail(fix, actor, holder, FixOutcome.Failed.Failure.RECHECK_FAILED, report.findings().get(0).detail(), null);
        }
        List<PlanStep> toRun = plan.steps();
        if (!resuming) {
            Optional<FixPlan> fresh = planner.replan(plan, report);
            if (fresh.isEmpty() || !fresh.get().steps().equals(plan.steps())) {
                return supersede(fix, actor, holder, fresh);
            }
        } else {
            Optional<List<PlanStep>> left = ResumeSteps.toRun(plan, rec.resultJson(), planner.offers(report));
            if (left.isEmpty()) {
                if (!finish(rec, holder, PlanStatus.SUPERSEDED)) {
                    return new FixOutcome.Overtaken(fix, false);
                }
                record(actor, rec, "supersede", "account or config changed since approval", "nothing more applied");
                return new FixOutcome.Superseded(fix, FixOutcome.Superseded.Why.CHANGED_SINCE_APPROVAL, List.of());
            }
            toRun = left.get();
        }
        ApplyResult result;
        try (AccountWriter writer = access.openWriter(account, actor)) {
            ApplyResult ran = applier.apply(toRun, writer, step -> record(actor, rec, step.step().iamCall().split(" ")[0],
                    step.step().iamCall(), step.status() == StepResult.Status.FAILED ? "failed: " + step.message() : step.status().name()));
            result = resuming ? ResumeSteps.withSkipped(plan, rec.resultJson(), ran) : ran;
        } catch (AccountAccessException e) {
            return fail(fix, actor, holder, FixOutcome.Failed.Failure.NO_ACCESS, e.finding().detail(), null);
        }
        store.saveResult(rec.id(), PlanCodec.encode(result));
        if (!result.complete()) {
            return fail(fix, actor, holder, FixOutcome.Failed.Failure.PART_WAY, null, result);
        }
        Instant now = clock.instant();
        boolean finished = finish(rec, holder, PlanStatus.APPLIED);
        record(actor, rec, "applied", plan.title(), "applied");
        // finished means this apply still holds the plan: the approve or resume it won wrote decided_by = actor, and
        // only another approve or resume (which takes the plan from this holder) writes it again
        return finished ? new FixOutcome.Applied(fix, result, now, actor, resuming) : new FixOutcome.Overtaken(fix, true);
    }

    private FixOutcome fail(Fix fix, String actor, String holder, FixOutcome.Failed.Failure failure, String detail,
            ApplyResult result) {
        FixOutcome.Failed failed = new FixOutcome.Failed(fix, failure, detail, result);
        boolean finished = finish(fix.record(), holder, PlanStatus.FAILED);
        record(actor, fix.record(), "failed", failed.describe(), "failed");
        return finished ? failed : new FixOutcome.Overtaken(fix, failed.changedAccount());
    }

    /**
     * Records how this apply ended. False when the plan was taken as interrupted and then resumed by another apply
     * meanwhile: that one owns the plan and its request now, so this outcome goes only to the log and the audit.
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

    private FixOutcome supersede(Fix fix, String actor, String holder, Optional<FixPlan> fresh) {
        PlanRecord rec = fix.record();
        if (!finish(rec, holder, PlanStatus.SUPERSEDED)) {
            return new FixOutcome.Overtaken(fix, false);
        }
        if (fresh.isEmpty()) {
            record(actor, rec, "supersede", "no longer needed", "nothing applied");
            return new FixOutcome.Superseded(fix, FixOutcome.Superseded.Why.NO_LONGER_NEEDED, List.of());
        }
        // the fresh plan may need batches of its own
        List<ApprovalRequest> requests = newRequests(batches.batches(fresh.get(), fix.account(), rec.requestedBy()),
                rec.requestedBy(), actor);
        record(actor, rec, "supersede", "account changed; new plan "
                + String.join(", ", requests.stream().map(ApprovalRequest::planId).toList()), "nothing applied");
        return new FixOutcome.Superseded(fix, FixOutcome.Superseded.Why.ACCOUNT_CHANGED, requests);
    }

    /** Stores each plan as a new plan waiting for approval, for {@code requester}, as {@code actor} did. */
    private List<ApprovalRequest> newRequests(List<FixPlan> plans, String requester, String actor) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(expiry);
        List<ApprovalRequest> requests = new ArrayList<>();
        for (FixPlan plan : plans) {
            String id = UUID.randomUUID().toString();
            PlanRecord rec = FixOffers.record(id, plan, PlanStatus.PENDING, requester, now, expiresAt);
            store.insert(rec);
            record(actor, rec, "plan", plan.title(), "requested");
            requests.add(new ApprovalRequest(id, plan, requester, expiresAt));
        }
        return List.copyOf(requests);
    }

    /**
     * Runs a step on the plan read back from the store, if it can be and is in the {@code expected} status (any, when
     * {@code null}); otherwise says what stands in the way.
     */
    private FixOutcome withPlan(String planId, PlanStatus expected, Function<Fix, FixOutcome> step) {
        Optional<PlanRecord> rec = store.find(planId);
        if (rec.isEmpty()) {
            return new FixOutcome.UnknownPlan(planId);
        }
        Fix fix;
        try {
            Account account = accounts.resolve(rec.get().accountId());
            fix = new Fix(rec.get(), PlanCodec.decode(rec.get().planJson()), account);
        } catch (UnknownAccountException e) {
            return new FixOutcome.AccountGone(planId, rec.get().accountId());
        } catch (IllegalArgumentException e) {
            LOG.error("plan {} cannot be read back", planId, e);
            return new FixOutcome.Unreadable(planId, String.valueOf(e.getMessage()));
        }
        return expected != null && rec.get().status() != expected ? new FixOutcome.AlreadyDecided(rec.get()) : step.apply(fix);
    }

    /** Where the plan stands now that this step's compare-and-set lost. */
    private FixOutcome alreadyDecided(Fix fix) {
        return new FixOutcome.AlreadyDecided(store.find(fix.id()).orElse(fix.record()));
    }

    private FixOutcome refuse(Fix fix, String actor, String action, Refusal refusal) {
        record(actor, fix.record(), "refuse", action + " refused", refusal.reason());
        return new FixOutcome.Refused(fix, refusal);
    }

    private void record(String actor, PlanRecord rec, String action, String detail, String result) {
        audit.record(actor, rec.accountId(), rec.roleName(), action, rec.id(), detail, result);
    }

    /** Foreign words cut to {@value #MAX_DETAIL} characters, with an ellipsis. */
    static String cut(String words) {
        if (words.length() <= MAX_DETAIL) {
            return words;
        }
        int end = MAX_DETAIL - 1;
        // never half of a character outside the basic plane (an emoji in an AWS message): a lone surrogate is not text
        return words.substring(0, Character.isHighSurrogate(words.charAt(end - 1)) ? end - 1 : end) + "…";
    }
}

package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.store.PlanRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a step of the fix workflow did, decided and recorded: a front end (Slack, a terminal, a web page) turns it
 * into words. Each outcome is one record; a presenter switches over {@link #kind()}, so a new outcome does not
 * compile until every front end presents it.
 */
public sealed interface FixOutcome {

    enum Kind {
        UNKNOWN_PLAN, ACCOUNT_GONE, UNREADABLE, OFFER_EXPIRED, REFUSED, ALREADY_DECIDED, ALREADY_REQUESTED, REQUESTED, EXPIRED,
        STARTED, REJECTED, SUPERSEDED, APPLIED, FAILED, OVERTAKEN, CHECK_AGAIN, INTERRUPTED
    }

    Kind kind();

    /** No plan of this id is stored (any more). */
    record UnknownPlan(String planId) implements FixOutcome {
        public Kind kind() {
            return Kind.UNKNOWN_PLAN;
        }
    }

    /** The plan's account is no longer configured, so the plan cannot go on. */
    record AccountGone(String planId, String accountId) implements FixOutcome {
        public Kind kind() {
            return Kind.ACCOUNT_GONE;
        }
    }

    /** The stored plan cannot be read back; {@code reason} says why. */
    record Unreadable(String planId, String reason) implements FixOutcome {
        public Kind kind() {
            return Kind.UNREADABLE;
        }
    }

    /** A fix was asked for from a check result older than plans last ({@code planLife}): nothing was requested. */
    record OfferExpired(Fix fix, Duration planLife) implements FixOutcome {
        public Kind kind() {
            return Kind.OFFER_EXPIRED;
        }
    }

    /** The actor may not do this; nothing changed, and the refusal is in the audit trail. */
    record Refused(Fix fix, Refusal refusal) implements FixOutcome {
        public Kind kind() {
            return Kind.REFUSED;
        }
    }

    /** The plan is not where this step needs it (decided, applied, or another actor got there first): it is {@code current}. */
    record AlreadyDecided(PlanRecord current) implements FixOutcome {
        public Kind kind() {
            return Kind.ALREADY_DECIDED;
        }
    }

    /** A fix was asked for, but the plan had been taken already: it is {@code current}. */
    record AlreadyRequested(PlanRecord current) implements FixOutcome {
        public Kind kind() {
            return Kind.ALREADY_REQUESTED;
        }
    }

    /**
     * A fix was asked for: its approval request to show, or, for a plan too big for one, a request per batch, each a
     * plan of its own.
     */
    record Requested(Fix fix, List<ApprovalRequest> requests) implements FixOutcome {
        public Requested {
            requests = List.copyOf(requests);
        }

        public Kind kind() {
            return Kind.REQUESTED;
        }
    }

    /** Approval came after the plan expired: nothing was applied. {@code expiredNow} when this step marked it expired. */
    record Expired(Fix fix, boolean expiredNow) implements FixOutcome {
        public Kind kind() {
            return Kind.EXPIRED;
        }
    }

    /** Approved (or resumed) by {@code by} at {@code at}: the account is being re-checked, then the plan applied. */
    record Started(Fix fix, String by, Instant at, boolean resumed) implements FixOutcome {
        public Kind kind() {
            return Kind.STARTED;
        }
    }

    /** Rejected by {@code by} at {@code at}: nothing changed in AWS. */
    record Rejected(Fix fix, String by, Instant at) implements FixOutcome {
        public Kind kind() {
            return Kind.REJECTED;
        }
    }

    /** Nothing (more) was applied, since the account or the config changed since the plan; why, and the fresh requests. */
    record Superseded(Fix fix, Why why, List<ApprovalRequest> fresh) implements FixOutcome {

        public enum Why {
            /** The re-check before applying found the account no longer needs the fix. */
            NO_LONGER_NEEDED,
            /** The re-check planned something else: {@code fresh} holds the new plan's requests (one per batch). */
            ACCOUNT_CHANGED,
            /** On resume, what is left would now be done in another form (a trust, the role settings, the ECR policy). */
            CHANGED_SINCE_APPROVAL
        }

        public Superseded {
            requireNonNull(why, "why");
            fresh = List.copyOf(fresh);
        }

        public Kind kind() {
            return Kind.SUPERSEDED;
        }
    }

    /** Every step done (or already so) at {@code at}; approved or resumed by {@code decidedBy}. */
    record Applied(Fix fix, ApplyResult result, Instant at, String decidedBy, boolean resumed) implements FixOutcome {
        public Kind kind() {
            return Kind.APPLIED;
        }
    }

    /**
     * The apply stopped: the plan is resumable. {@code detail} is AWS's word for {@link Failure#RECHECK_FAILED} and
     * {@link Failure#NO_ACCESS}, the error's name for {@link Failure#UNEXPECTED}; {@code result} says which steps ran
     * ({@link Failure#PART_WAY}), else {@code null}.
     */
    record Failed(Fix fix, Failure failure, String detail, ApplyResult result) implements FixOutcome {

        public enum Failure { RECHECK_FAILED, NO_ACCESS, PART_WAY, UNEXPECTED }

        public Kind kind() {
            return Kind.FAILED;
        }

        /** Steps ran, so the account is worth showing again as it is now. */
        public boolean changedAccount() {
            return result != null;
        }

        /** How many steps are done (or were already so). */
        public long stepsDone() {
            return result == null ? 0 : result.steps().stream().filter(s -> s.status().succeeded()).count();
        }

        /** The failure in plain words, for the audit trail. */
        public String describe() {
            return switch (failure) {
                case RECHECK_FAILED -> "Could not re-check " + fix.account().label() + " (" + FixWorkflow.cut(detail)
                        + "), so nothing was applied.";
                case NO_ACCESS -> "Could not assume the access role of " + fix.account().label() + " to apply ("
                        + FixWorkflow.cut(detail) + "); nothing was applied.";
                case PART_WAY -> "Stopped part-way: " + stepsDone() + " of " + result.steps().size()
                        + " steps done, the rest not applied. Resume applies what is left.";
                case UNEXPECTED -> "Applying stopped on an unexpected error (" + detail + "); some steps may be done. "
                        + "Resume runs the plan again; done steps are skipped.";
            };
        }
    }

    /**
     * This apply ended, but the plan had been taken as interrupted and resumed by another apply meanwhile, which owns
     * it and its request now: nothing to show on the request. {@code changedAccount} when steps ran here.
     */
    record Overtaken(Fix fix, boolean changedAccount) implements FixOutcome {
        public Kind kind() {
            return Kind.OVERTAKEN;
        }
    }

    /** A fresh check of the account was asked for (from an expired request). */
    record CheckAgain(Account account) implements FixOutcome {
        public Kind kind() {
            return Kind.CHECK_AGAIN;
        }
    }

    /** The bot applying this fix stopped mid-apply (no heartbeat); the plan is resumable now. */
    record Interrupted(Fix fix) implements FixOutcome {
        public Kind kind() {
            return Kind.INTERRUPTED;
        }
    }
}

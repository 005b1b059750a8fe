package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.store.PlanRecord;

/**
 * A stored plan read back for a step of the workflow: its record as the store held it when the step began, the plan
 * it holds, and the account it is for (as configured now).
 */
public record Fix(PlanRecord record, FixPlan plan, Account account) {

    public Fix {
        requireNonNull(record, "record");
        requireNonNull(plan, "plan");
        requireNonNull(account, "account");
    }

    public String id() {
        return record.id();
    }

    /** Who asked for the fix (while it is only offered: who asked for the check). */
    public String requestedBy() {
        return record.requestedBy();
    }
}

package dev.eksrole.fix;

import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.FixPlan;
import java.util.List;

/**
 * How a plan is split so that each part's approval request, and its outcome whatever happens, fit one message of the
 * front end that shows them: an approver must see every call that Approve will make, whole.
 */
public interface RequestBatches {

    /** The plan itself when it fits, else its batches, each a plan of its own, in order. */
    List<FixPlan> batches(FixPlan plan, Account account, String requesterId);
}

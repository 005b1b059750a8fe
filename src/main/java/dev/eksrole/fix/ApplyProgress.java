package dev.eksrole.fix;

/**
 * Told as an approved or resumed fix starts, before the account is re-checked and the plan applied, which can take a
 * while: a front end says that it is under way.
 */
@FunctionalInterface
public interface ApplyProgress {

    /** Nothing to say while it runs (a caller that only wants the outcome). */
    ApplyProgress SILENT = started -> { };

    void started(FixOutcome.Started started);
}

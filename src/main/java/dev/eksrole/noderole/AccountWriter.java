package dev.eksrole.noderole;

/**
 * The IAM writes of a fix, in one account. Each call is idempotent: a role that already exists with
 * the same trust, or a policy already attached, is {@link Outcome#ALREADY_DONE}. Failures are
 * {@link IamWriteException}s.
 */
public interface AccountWriter extends AutoCloseable {

    enum Outcome { DONE, ALREADY_DONE }

    Outcome apply(PlanStep step);

    @Override
    default void close() {}
}

package dev.eksrole.noderole;

/** Finds the account that eksrole's own credentials belong to, for a check with no config at all. */
public interface CallerAccountFinder {

    /** The caller's account and partition, to be read with the caller's own credentials (no AssumeRole). */
    Account find() throws CallerAccountException;

    /** The caller's account could not be told; the failure says why and what to do. */
    final class CallerAccountException extends Exception {

        private final transient AccessFailure failure;

        public CallerAccountException(AccessFailure failure, Throwable cause) {
            super(failure.reason(), cause);
            this.failure = failure;
        }

        public AccessFailure failure() {
            return failure;
        }
    }
}

package dev.eksrole.cli;

import static java.util.Objects.requireNonNull;

/**
 * A check that cannot even start, for a reason that is neither bad usage nor bad config (the account of
 * the current credentials cannot be told, say): its exit code is UNKNOWN's, with a code for scripts.
 */
public final class NoVerdictException extends Exception {

    private final String code;

    /** @param code the stable {@code --json} error code, e.g. {@code no_caller_account} */
    public NoVerdictException(String code, String message) {
        super(message);
        this.code = requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }
}

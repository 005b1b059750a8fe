package dev.eksrole.noderole;

import java.util.Collection;

/**
 * Verdicts and finding severities, ordered from best to worst, as in the monitoring-plugin
 * convention: the ordinal is the CLI exit code.
 */
public enum Severity {
    OK,
    WARNING,
    NEEDS_FIX,
    UNKNOWN;

    public Severity worse(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public static Severity worstOf(Collection<Severity> severities) {
        return severities.stream().reduce(OK, Severity::worse);
    }

    public int exitCode() {
        return ordinal();
    }
}

package dev.eksrole.cli;

/** Exit codes beyond the verdicts' 0-3: the monitoring-plugin convention plus sysexits' EX_USAGE. */
public final class ExitCodes {
    public static final int USAGE = 64;

    private ExitCodes() {}
}

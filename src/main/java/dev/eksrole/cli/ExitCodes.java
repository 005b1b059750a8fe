package dev.eksrole.cli;

/** Exit codes beyond the verdicts' 0-3: the monitoring-plugin convention plus sysexits' EX_USAGE, EX_UNAVAILABLE, EX_SOFTWARE. */
public final class ExitCodes {
    /** A check could not decide; also how check and scan end when something other than usage failed. */
    public static final int UNKNOWN = 3;
    public static final int USAGE = 64;
    public static final int UNAVAILABLE = 69;
    public static final int INTERNAL = 70;

    private ExitCodes() {}
}

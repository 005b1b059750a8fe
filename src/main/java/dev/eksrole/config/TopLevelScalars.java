package dev.eksrole.config;

import dev.eksrole.noderole.ScanParallelism;
import java.time.Duration;

/** The settings that sit at the top of the config, outside any section. */
record TopLevelScalars(boolean allowSelfApproval, Duration planExpiry, Duration checkDeadline, int scanParallel) {

    static final Duration DEFAULT_PLAN_EXPIRY = Duration.ofMinutes(30);
    static final Duration MAX_PLAN_EXPIRY = Duration.ofDays(7);
    static final Duration MAX_CHECK_DEADLINE = Duration.ofMinutes(5);

    static TopLevelScalars parse(ConfigNode top) throws ConfigException {
        boolean allowSelfApproval = top.bool("allowSelfApproval", false);
        Duration planExpiry = top.duration("planExpiry", DEFAULT_PLAN_EXPIRY, MAX_PLAN_EXPIRY,
                "an approval is for the account as it is now");
        Duration checkDeadline = top.duration("checkDeadline", EksroleConfig.DEFAULT_CHECK_DEADLINE, MAX_CHECK_DEADLINE,
                "an on-call engineer is waiting for the answer");
        int scanParallel = top.integer("scanParallel", ScanParallelism.DEFAULT, 1, ScanParallelism.MAX,
                "more would only queue for the HTTP client's connections");
        return new TopLevelScalars(allowSelfApproval, planExpiry, checkDeadline, scanParallel);
    }
}

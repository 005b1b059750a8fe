package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.AuditLog;
import dev.eksrole.noderole.AccountReport;
import jakarta.inject.Inject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as the bot writes it: a store that fails must not stop a check or a fix from
 * answering its asker, so a failed write is logged, never thrown.
 */
public final class AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLog log;
    private final Clock clock;

    @Inject
    public AuditTrail(AuditLog log, Clock clock) {
        this.log = requireNonNull(log, "log");
        this.clock = requireNonNull(clock, "clock");
    }

    public void record(String actor, String accountId, String roleName, String action, String planId, String detail, String result) {
        try {
            log.record(new AuditEntry(clock.instant(), actor, accountId, roleName, action, planId, detail, result));
        } catch (RuntimeException e) {
            LOG.error("could not write the audit trail ({} {} in {})", action, result, accountId, e);
        }
    }

    /** A check asked for in Slack, alone or as part of a scan. */
    public void check(String userId, AccountReport report, String detail) {
        record(userId, report.account().id(), null, "check", null, detail, report.verdict().name());
    }
}

package dev.eksrole.store;

import java.util.List;

/** The audit trail, append-only. */
public interface AuditLog {

    void record(AuditEntry entry);

    /** The newest entries of an account, newest first. */
    List<AuditEntry> recent(String accountId, int limit);
}

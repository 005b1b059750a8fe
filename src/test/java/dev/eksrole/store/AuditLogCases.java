package dev.eksrole.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLog} over a real database must do; each database runs these in a subclass. */
abstract class AuditLogCases {

    private static final Instant AT = Instant.parse("2025-06-01T12:00:00.250Z");
    private static final String PROD = "111122223333";
    private static final String STAGING = "444455556666";

    private AuditLog log;

    abstract StoreDatabase database();

    @BeforeEach
    void emptyLog() throws Exception {
        TestDatabases.emptyTables(database());
        log = new JdbcAuditLog(database().dataSource());
    }

    private static AuditEntry entry(String accountId, String action, Instant at) {
        return new AuditEntry(at, "U-ALICE", accountId, "eks-node-role", action, "p-1", "detail of " + action, "OK");
    }

    @Test
    void readsBackEveryFieldOfAnEntry() {
        AuditEntry full = new AuditEntry(Instant.parse("2025-06-01T12:00:00.123Z"), "cli-alice", PROD, "eks-node-role",
                "iam:AttachRolePolicy", "p-7", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "failed: AccessDenied");
        AuditEntry sparse = new AuditEntry(AT, "eksrole", PROD, null, "check", null, null, null);

        log.record(full);
        log.record(sparse);

        assertThat(log.recent(PROD, 10)).containsExactly(sparse, full);
    }

    @Test
    void keepsTimesToTheMillisecond() {
        log.record(entry(PROD, "check", Instant.parse("2025-06-01T12:00:00.987654321Z")));

        assertThat(log.recent(PROD, 1).get(0).at()).isEqualTo(Instant.parse("2025-06-01T12:00:00.987Z"));
    }

    @Test
    void listsNewestFirstEvenWithinOneMillisecond() {
        List<String> actions = List.of("check", "plan", "request", "approve", "iam:AttachRolePolicy", "done");
        actions.forEach(action -> log.record(entry(PROD, action, AT)));

        assertThat(log.recent(PROD, 10)).extracting(AuditEntry::action)
                .containsExactly("done", "iam:AttachRolePolicy", "approve", "request", "plan", "check");
    }

    @Test
    void listsInTheOrderRecordedEvenWhenClocksDisagree() {
        log.record(entry(PROD, "first", AT));
        log.record(entry(PROD, "second", AT.minusSeconds(5)));

        assertThat(log.recent(PROD, 10)).extracting(AuditEntry::action).containsExactly("second", "first");
    }

    @Test
    void leavesOutOtherAccounts() {
        log.record(entry(PROD, "check", AT));
        log.record(entry(STAGING, "check", AT));
        log.record(entry(PROD, "plan", AT));

        assertThat(log.recent(PROD, 10)).extracting(AuditEntry::accountId).containsOnly(PROD).hasSize(2);
        assertThat(log.recent(STAGING, 10)).extracting(AuditEntry::action).containsExactly("check");
        assertThat(log.recent("999999999999", 10)).isEmpty();
    }

    @Test
    void returnsAtMostTheLimitNewestEntries() {
        IntStream.range(0, 30).forEach(i -> log.record(entry(PROD, "check-" + i, AT.plusMillis(i))));

        assertThat(log.recent(PROD, 3)).extracting(AuditEntry::action).containsExactly("check-29", "check-28", "check-27");
        assertThat(log.recent(PROD, 0)).isEmpty();
        assertThat(log.recent(PROD, 100)).hasSize(30);
    }

    @Test
    void keepsEveryEntryRecordedConcurrently() throws Exception {
        int recorded = Contention.winners(40, i -> {
            log.record(entry(PROD, "check-" + i, AT));
            return true;
        });

        assertThat(recorded).isEqualTo(40);
        assertThat(log.recent(PROD, 100)).extracting(AuditEntry::action)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 40).mapToObj(i -> "check-" + i).toList());
    }
}

package dev.eksrole.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Runs in a child JVM: opens the H2 store in the given data directory, records a plan, approves it and then
 * dies at once, closing nothing, as a killed bot would.
 */
final class ApproveThenDieMain {

    public static void main(String[] args) {
        StoreDatabase database = StoreDatabase.open(TestDatabases.h2(Path.of(args[0])), Map.of());
        PlanStore store = new JdbcPlanStore(database.dataSource());
        store.insert(PlanStoreCases.plan("p-1", PlanStatus.PENDING, PlanStoreCases.LATER));
        boolean approved = store.approve("p-1", "U-BOB", PlanStoreCases.HOLDER, PlanStoreCases.NOW);
        new JdbcAuditLog(database.dataSource()).record(
                new AuditEntry(Instant.now(), "U-BOB", "111122223333", null, "approve", "p-1", null, "OK"));
        Runtime.getRuntime().halt(approved ? 0 : 1);
    }
}

package dev.eksrole.store;

import static dev.eksrole.store.PlanStoreCases.LATER;
import static dev.eksrole.store.PlanStoreCases.NOW;
import static dev.eksrole.store.PlanStoreCases.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.metrics.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan store's meters over a real H2 store: transitions won are counted, lost ones not; the pending gauge. */
class MeteredPlanStoreTest {

    @TempDir
    Path dir;

    private StoreDatabase database;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private MeteredPlanStore store;
    private JdbcPlanStore underneath;

    @BeforeEach
    void open() {
        database = StoreDatabase.open(TestDatabases.h2(dir), Map.of());
        underneath = new JdbcPlanStore(database.dataSource());
        store = new MeteredPlanStore(underneath, new Meters(registry), nanos::get);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private double transitions(String from, String to) {
        var counter = registry.find(MeteredPlanStore.TRANSITIONS).tags("from", from, "to", to).counter();
        return counter == null ? 0 : counter.count();
    }

    private double pending() {
        return registry.get(MeteredPlanStore.PENDING).gauge().value();
    }

    @Test
    void countsATransitionOnlyWhenThisInstanceWonIt() {
        store.insert(plan("p-1", PlanStatus.OFFERED, LATER));
        assertThat(transitions("new", "OFFERED")).isEqualTo(1);

        assertThat(store.request("p-1", "U-ALICE", NOW, LATER)).isTrue();
        assertThat(store.request("p-1", "U-ALICE", NOW, LATER)).isFalse();
        assertThat(store.transition("p-1", PlanStatus.PENDING, PlanStatus.REJECTED, "U-BOB", NOW)).isTrue();
        assertThat(store.transition("p-1", PlanStatus.PENDING, PlanStatus.EXPIRED, null, NOW)).isFalse();

        assertThat(transitions("OFFERED", "PENDING")).isEqualTo(1);
        assertThat(transitions("PENDING", "REJECTED")).isEqualTo(1);
        assertThat(transitions("PENDING", "EXPIRED")).isZero();
    }

    @Test
    void pendingIsReadFromTheStoreCachedBrieflyAndAfreshAfterThisInstanceChangesAPlan() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        assertThat(pending()).isEqualTo(1);

        // another replica's plan: seen once the cached count is old enough
        underneath.insert(plan("p-2", PlanStatus.PENDING, LATER));
        assertThat(pending()).isEqualTo(1);
        nanos.addAndGet(MeteredPlanStore.PENDING_CACHED_FOR.toNanos());
        assertThat(pending()).isEqualTo(2);

        // this instance's own change: seen at once
        store.transition("p-2", PlanStatus.PENDING, PlanStatus.REJECTED, "U-BOB", NOW);
        assertThat(pending()).isEqualTo(1);
    }

    @Test
    void aStoreThatCannotAnswerLeavesTheGaugeEmptyRatherThanFailTheScrape() {
        database.close();
        assertThat(pending()).isNaN();
    }
}

package dev.eksrole.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eksrole.store.StoreDatabase;
import dev.eksrole.store.JdbcPlanStore;
import dev.eksrole.store.PlanRecord;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat of the applies running in a process, on a real store, with a clock the test moves. */
class ApplyHeartbeatTest {

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private StoreDatabase database;
    private PlanStore store;
    private final MovableClock clock = new MovableClock(T0);
    private ApplyHeartbeat heartbeat;

    @BeforeEach
    void open() {
        database = StoreDatabase.open(new EksroleConfig.Store(dir, null, null, null), Map.of());
        store = new JdbcPlanStore(database.dataSource());
        heartbeat = new ApplyHeartbeat(store, clock, ApplyHeartbeat.Timing.DEFAULT);
    }

    @AfterEach
    void close() {
        heartbeat.close();
        database.close();
    }

    /** A plan approved at {@link #T0} by an apply of this process; returns its holder. */
    private String approvedHere(String id) {
        store.insert(new PlanRecord(id, "111122223333", "node-role", "NodeInstanceRole", "{\"steps\":[]}", PlanStatus.PENDING, "U-ALICE",
                T0.minusSeconds(60), T0.plus(Duration.ofHours(1)), null, null, null, null, null));
        String holder = heartbeat.newHolder();
        assertThat(store.approve(id, "U-BOB", holder, T0)).isTrue();
        heartbeat.hold(id, holder);
        return holder;
    }

    private java.util.List<String> silentSince(Instant beatBefore) {
        return store.staleApplying(beatBefore, 10).stream().map(PlanRecord::id).toList();
    }

    @Test
    void eachRoundBringsTheHeartbeatOfEveryApplyHeldHereToNow() {
        approvedHere("p-a");
        approvedHere("p-b");
        store.insert(new PlanRecord("p-elsewhere", "111122223333", "node-role", null, "{}", PlanStatus.PENDING, "U-ALICE",
                T0, T0.plusSeconds(3600), null, null, null, null, null));
        store.approve("p-elsewhere", "U-BOB", "another-process", T0);

        clock.set(T0.plusSeconds(40));
        heartbeat.beat();

        assertThat(silentSince(T0.plusSeconds(40))).containsExactly("p-elsewhere");
        clock.set(T0.plusSeconds(80));
        heartbeat.beat();
        assertThat(silentSince(T0.plusSeconds(80))).containsExactly("p-elsewhere");
        assertThat(silentSince(T0.plusSeconds(80).plusMillis(1))).containsExactlyInAnyOrder("p-elsewhere", "p-a", "p-b");
    }

    @Test
    void anApplyReleasedIsNoLongerKeptAlive() {
        String holder = approvedHere("p-1");

        heartbeat.release(holder);
        clock.set(T0.plusSeconds(40));
        heartbeat.beat();

        assertThat(silentSince(T0.plusSeconds(1))).containsExactly("p-1");
    }

    @Test
    void anApplyTakenAsInterruptedIsNeverRevivedByItsBeats() {
        approvedHere("p-1");
        assertThat(store.failStale("p-1", T0.plusSeconds(1))).isTrue();

        clock.set(T0.plusSeconds(50));
        heartbeat.beat();
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.FAILED);

        // resumed by another apply: that one's silence, not this process's beats, decides from now on
        assertThat(store.resume("p-1", "U-DAVE", "another-apply", T0.plusSeconds(60))).isTrue();
        clock.set(T0.plusSeconds(120));
        heartbeat.beat();
        assertThat(silentSince(T0.plusSeconds(61))).containsExactly("p-1");
    }

    @Test
    void beatsOnAThreadOfItsOwnWhileTheApplyingThreadIsBusy() {
        ApplyHeartbeat running = new ApplyHeartbeat(store, clock,
                new ApplyHeartbeat.Timing(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        String holder = running.newHolder();
        store.insert(new PlanRecord("p-1", "111122223333", "node-role", null, "{}", PlanStatus.PENDING, "U-ALICE",
                T0, T0.plusSeconds(3600), null, null, null, null, null));
        store.approve("p-1", "U-BOB", holder, T0);
        running.hold("p-1", holder);
        try {
            running.start();
            clock.set(T0.plusSeconds(600));

            // this thread does nothing for the plan: the heartbeat's own thread keeps it alive
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> silentSince(T0.plusSeconds(600)).isEmpty());
        } finally {
            running.close();
        }
    }

    @Test
    void beatsEveryFiveSecondsAndTakesFortyFiveSilentSecondsForAStoppedBotLookedForEveryTen() {
        assertThat(ApplyHeartbeat.Timing.DEFAULT).isEqualTo(
                new ApplyHeartbeat.Timing(Duration.ofSeconds(5), Duration.ofSeconds(45), Duration.ofSeconds(10)));
    }

    @Test
    void refusesABoundThatTwoBeatsDoNotFitIn() {
        assertThatThrownBy(() -> new ApplyHeartbeat.Timing(Duration.ofSeconds(5), Duration.ofSeconds(9), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least twice");
        assertThatThrownBy(() -> new ApplyHeartbeat.Timing(Duration.ZERO, Duration.ofSeconds(9), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

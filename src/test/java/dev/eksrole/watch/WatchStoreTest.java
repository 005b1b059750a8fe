package dev.eksrole.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.Severity;
import dev.eksrole.store.StoreDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch's lease and state in the H2 file store, as the migration makes it. */
class WatchStoreTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private StoreDatabase database;
    private WatchStore store;

    @BeforeEach
    void open() {
        database = StoreDatabase.open(new EksroleConfig.Store(dir, null, null, null), Map.of());
        store = new WatchStore(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theLeaseGoesToOneHolderUntilItIsFreedOrExpires() {
        assertThat(store.acquire("a", NOW, NOW.plus(LEASE))).isTrue();
        assertThat(store.acquire("b", NOW.plusSeconds(60), NOW.plusSeconds(60).plus(LEASE))).isFalse();
        assertThat(store.acquire("a", NOW.plusSeconds(60), NOW.plusSeconds(60).plus(LEASE))).as("its holder again").isTrue();
        assertThat(store.renew("b", NOW.plus(LEASE))).isFalse();

        // a's lease lasts until NOW + 60 s + 2 min; b gets it only after that
        assertThat(store.acquire("b", NOW.plusSeconds(179), NOW.plusSeconds(179).plus(LEASE))).isFalse();
        assertThat(store.acquire("b", NOW.plusSeconds(181), NOW.plusSeconds(181).plus(LEASE))).isTrue();
        assertThat(store.renew("a", NOW.plusSeconds(300))).as("a lost it").isFalse();
        assertThat(store.finish("a", new WatchRound(NOW, Duration.ofSeconds(1), 1, List.of()), NOW.plusSeconds(600))).isFalse();

        store.release("b");
        assertThat(store.state().holder()).isNull();
        assertThat(store.acquire("c", NOW.plusSeconds(182), NOW.plusSeconds(182).plus(LEASE))).isTrue();
    }

    @Test
    void aFinishedRoundAndWhatItSawAreReadBack() {
        assertThat(store.state().nextRoundAt()).isNull();
        assertThat(store.state().lastRound()).isNull();
        store.acquire("a", NOW, NOW.plus(LEASE));

        WatchRound round = new WatchRound(NOW, Duration.ofMillis(1234), 2, List.of("prod-eu (111111111111): OK → NEEDS_FIX"));
        assertThat(store.finish("a", round, NOW.plus(Duration.ofHours(6)))).isTrue();
        ObservedFinding finding = new ObservedFinding("MISSING_POLICY", "Role[name=NodeInstanceRole]",
                "AmazonEC2ContainerRegistryReadOnly", Severity.NEEDS_FIX);
        store.save(new AccountState("111111111111", Severity.OK, List.of(), NOW));
        store.save(new AccountState("111111111111", Severity.NEEDS_FIX, List.of(finding), NOW.plusSeconds(1)));

        assertThat(store.state().lastRound()).isEqualTo(round);
        assertThat(store.state().nextRoundAt()).isEqualTo(NOW.plus(Duration.ofHours(6)));
        assertThat(store.accounts()).containsOnlyKeys("111111111111");
        assertThat(store.accounts().get("111111111111")).isEqualTo(
                new AccountState("111111111111", Severity.NEEDS_FIX, List.of(finding), NOW.plusSeconds(1)));
    }
}

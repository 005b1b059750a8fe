package dev.eksrole.store;

import static dev.eksrole.store.PlanStoreCases.HOLDER;
import static dev.eksrole.store.PlanStoreCases.LATER;
import static dev.eksrole.store.PlanStoreCases.NOW;
import static dev.eksrole.store.PlanStoreCases.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.config.EksroleConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The plan store on an H2 file and on PostgreSQL, and what only several pools or a restart can show. */
@ExtendWith(SharedPostgres.class)
class JdbcPlanStoreTest {

    @TempDir
    static Path h2Dir;

    private static EmbeddedPostgres postgres;
    private static BothDatabases databases;

    @BeforeAll
    static void openDatabases(EmbeddedPostgres server) throws Exception {
        postgres = server;
        databases = BothDatabases.open(h2Dir, postgres);
    }

    @AfterAll
    static void closeDatabases() {
        databases.close();
    }

    @Nested
    class OnH2File extends PlanStoreCases {
        @Override
        StoreDatabase database() {
            return databases.h2();
        }
    }

    @Nested
    class OnPostgres extends PlanStoreCases {
        @Override
        StoreDatabase database() {
            return databases.postgres();
        }
    }

    @Test
    void approvesExactlyOnceAcrossTwoReplicasSharingPostgres() throws Exception {
        onTwoReplicas(replicas -> {
            for (int round = 0; round < 10; round++) {
                String id = "p-" + round;
                replicas[0].insert(plan(id, PlanStatus.PENDING, LATER));

                int winners = Contention.winners(50, approver -> replicas[approver % 2].approve(id, "U-" + approver, "h-" + approver, NOW));

                assertThat(winners).as("round %d", round).isEqualTo(1);
                assertThat(replicas[1].find(id).orElseThrow().status()).isEqualTo(PlanStatus.APPLYING);
            }
        });
    }

    @Test
    void makesASilentApplyResumableExactlyOnceAcrossTwoReplicasSharingPostgres() throws Exception {
        onTwoReplicas(replicas -> {
            for (int round = 0; round < 10; round++) {
                String id = "p-" + round;
                replicas[0].insert(plan(id, PlanStatus.PENDING, LATER));
                replicas[0].approve(id, "U-BOB", HOLDER, NOW);

                int winners = Contention.winners(50, recovery -> replicas[recovery % 2].failStale(id, NOW.plusSeconds(45)));

                assertThat(winners).as("round %d", round).isEqualTo(1);
                assertThat(replicas[1].find(id).orElseThrow().status()).isEqualTo(PlanStatus.FAILED);
            }
        });
    }

    /** What two replicas see: a store each, with pools of their own, on one new PostgreSQL database. */
    private static void onTwoReplicas(TwoReplicas test) throws Exception {
        String database = TestDatabases.newPostgresDatabase(postgres);
        try (StoreDatabase first = StoreDatabase.open(TestDatabases.postgres(postgres, database), Map.of());
                StoreDatabase second = StoreDatabase.open(TestDatabases.postgres(postgres, database), Map.of())) {
            test.run(new PlanStore[] {new JdbcPlanStore(first.dataSource()), new JdbcPlanStore(second.dataSource())});
        }
    }

    @FunctionalInterface
    private interface TwoReplicas {
        void run(PlanStore[] replicas) throws Exception;
    }

    @Test
    void aPlanApplyingWhenTheStoreGainsHeartbeatsIsJudgedByItsApproval(@TempDir Path dataDir) throws Exception {
        String database = TestDatabases.newPostgresDatabase(postgres);

        upgradeFromTheFirstSchema("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("eksrole"), "sa", "",
                TestDatabases.h2(dataDir));
        upgradeFromTheFirstSchema(TestDatabases.postgresUrl(postgres, database), "postgres", null,
                TestDatabases.postgres(postgres, database));
    }

    /** A store made by the first release with two plans being applied, then opened (so migrated) by this one. */
    private static void upgradeFromTheFirstSchema(String url, String user, String password, EksroleConfig.Store store) {
        Flyway firstRelease = Flyway.configure().dataSource(url, user, password).locations(StoreDatabase.MIGRATIONS).target("1").load();
        firstRelease.migrate();
        PlanStore before = new JdbcPlanStore(firstRelease.getConfiguration().getDataSource());
        before.insert(applying("p-long-ago", NOW.minusSeconds(3600)));
        before.insert(applying("p-just-now", NOW.minusSeconds(10)));

        try (StoreDatabase upgraded = StoreDatabase.open(store, Map.of())) {
            PlanStore after = new JdbcPlanStore(upgraded.dataSource());
            assertThat(after.staleApplying(NOW.minusSeconds(45), 10)).as(url).extracting(PlanRecord::id).containsExactly("p-long-ago");
            assertThat(after.failStale("p-just-now", NOW.minusSeconds(45))).as(url).isFalse();
            assertThat(after.failStale("p-long-ago", NOW.minusSeconds(45))).as(url).isTrue();
            assertThat(after.find("p-just-now").orElseThrow().status()).isEqualTo(PlanStatus.APPLYING);
        }
    }

    private static PlanRecord applying(String id, java.time.Instant approvedAt) {
        PlanRecord pending = plan(id, PlanStatus.PENDING, LATER);
        return new PlanRecord(id, pending.accountId(), pending.kind(), pending.roleName(), pending.planJson(), PlanStatus.APPLYING,
                pending.requestedBy(), pending.createdAt(), pending.expiresAt(), "U-BOB", approvedAt, null, null, null);
    }

    @Test
    void keepsAPendingPlanAcrossARestartOfTheH2File(@TempDir Path dataDir) {
        PlanRecord pending = plan("p-1", PlanStatus.PENDING, LATER);
        try (StoreDatabase before = StoreDatabase.open(TestDatabases.h2(dataDir), Map.of())) {
            new JdbcPlanStore(before.dataSource()).insert(pending);
        }

        try (StoreDatabase after = StoreDatabase.open(TestDatabases.h2(dataDir), Map.of())) {
            PlanStore store = new JdbcPlanStore(after.dataSource());
            assertThat(store.find("p-1")).contains(pending);
            assertThat(store.approve("p-1", "U-BOB", HOLDER, NOW)).isTrue();
        }

        try (StoreDatabase again = StoreDatabase.open(TestDatabases.h2(dataDir), Map.of())) {
            PlanRecord read = new JdbcPlanStore(again.dataSource()).find("p-1").orElseThrow();
            assertThat(read.status()).isEqualTo(PlanStatus.APPLYING);
            assertThat(read.decidedBy()).isEqualTo("U-BOB");
        }
    }
}

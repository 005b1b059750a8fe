package dev.eksrole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.config.EksroleConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreModuleTest {

    private static EksroleConfig config(EksroleConfig.Store store) {
        return new EksroleConfig(List.of(), null, null, false, Duration.ofHours(24), store, Duration.ofSeconds(20));
    }

    private static EksroleConfig.Store unreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return new EksroleConfig.Store(Path.of("unused"), "jdbc:postgresql://127.0.0.1:" + closedPort + "/eksrole",
                "eksrole", "yaml-secret");
    }

    @Test
    void startsOpeningTheStoreWhenTheProductionInjectorIsCreated(@TempDir Path dir) {
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                new ConfigModule(config(TestDatabases.h2(dir))), new StoreModule(Map.of()));
        // opening in the background: the file appears without anyone asking for a connection
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(dir.resolve("eksrole.mv.db")));

        try (StoreDatabase database = injector.getInstance(StoreDatabase.class)) {
            database.awaitOpen();
            PlanStore plans = injector.getInstance(PlanStore.class);
            AuditLog audit = injector.getInstance(AuditLog.class);
            assertThat(plans).isInstanceOf(MeteredPlanStore.class).isSameAs(injector.getInstance(PlanStore.class));
            assertThat(audit).isInstanceOf(JdbcAuditLog.class).isSameAs(injector.getInstance(AuditLog.class));
            assertThat(injector.getInstance(DataSource.class)).isSameAs(database.dataSource());

            plans.insert(PlanStoreCases.plan("p-1", PlanStatus.PENDING, PlanStoreCases.LATER));
            audit.record(new AuditEntry(Instant.now(), "U-ALICE", "111122223333", null, "request", "p-1", null, "OK"));
            assertThat(plans.find("p-1")).isPresent();
            assertThat(audit.recent("111122223333", 5)).hasSize(1);
        }
    }

    @Test
    void whatStoppedTheOpeningIsThrownWhenTheStoreIsAwaitedOrUsed() throws Exception {
        EksroleConfig.Store store = unreachable();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config(store)), new StoreModule(Map.of()));
        StoreDatabase database = injector.getInstance(StoreDatabase.class);

        assertThatThrownBy(database::awaitOpen)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the store at " + store.jdbcUrl() + ": connection refused")
                .hasMessageNotContaining("yaml-secret");
        assertThatThrownBy(() -> injector.getInstance(DataSource.class).getConnection())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("connection refused");
        database.close();
    }

    @Test
    void configuringTheModuleOpensNothing() throws Exception {
        Injector injector = Guice.createInjector(Stage.DEVELOPMENT, new ConfigModule(config(unreachable())),
                new StoreModule(Map.of()));

        assertThatThrownBy(() -> injector.getInstance(StoreDatabase.class).awaitOpen())
                .isInstanceOf(StoreException.class);
    }

    @Test
    void passesTheEnvironmentItWasGivenToTheStore(@TempDir Path dir) {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config(TestDatabases.h2(dir))),
                new StoreModule(Map.of(StoreDatabase.PASSWORD_VARIABLE, "env-secret")));
        injector.getInstance(StoreDatabase.class).close();

        StoreDatabase.open(new EksroleConfig.Store(dir, null, null, "env-secret"), Map.of()).close();
        assertThatThrownBy(() -> StoreDatabase.open(TestDatabases.h2(dir), Map.of()))
                .isInstanceOf(StoreException.class);
    }
}

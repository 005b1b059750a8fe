package dev.eksrole.store;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.eksrole.config.EksroleConfig;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The store: plans and the audit log over one database. No I/O here; the database starts opening (and migrating)
 * in the background when its singleton is provided (in {@code Stage.PRODUCTION}, as the injector is created); its
 * first use waits for it.
 */
public final class StoreModule extends AbstractModule {

    private final Map<String, String> env;

    /** @param env the process environment, read for {@value StoreDatabase#PASSWORD_VARIABLE} */
    public StoreModule(Map<String, String> env) {
        this.env = Map.copyOf(requireNonNull(env, "env"));
    }

    @Override
    protected void configure() {
        // every change of a plan's status is counted on its way to the database
        bind(PlanStore.class).to(MeteredPlanStore.class).in(Singleton.class);
        bind(AuditLog.class).to(JdbcAuditLog.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    StoreDatabase storeDatabase(EksroleConfig.Store store) {
        return StoreDatabase.openInBackground(store, env);
    }

    @Provides
    DataSource dataSource(StoreDatabase database) {
        return database.dataSource();
    }
}

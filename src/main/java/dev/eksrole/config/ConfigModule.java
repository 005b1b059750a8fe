package dev.eksrole.config;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.eksrole.noderole.CheckDeadline;
import dev.eksrole.noderole.NodeRolePatterns;

/** Binds the configuration that {@code Main} loaded and validated; no I/O here. */
public final class ConfigModule extends AbstractModule {

    private final EksroleConfig config;

    public ConfigModule(EksroleConfig config) {
        this.config = requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        bind(EksroleConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    AccountDirectory accountDirectory(EksroleConfig config) {
        return new AccountDirectory(config.accounts());
    }

    @Provides
    CheckDeadline checkDeadline(EksroleConfig config) {
        return new CheckDeadline(config.checkDeadline());
    }

    @Provides
    NodeRolePatterns nodeRolePatterns(EksroleConfig config) {
        return config.nodeRoles().patterns();
    }
}

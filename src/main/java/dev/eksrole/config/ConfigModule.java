package dev.eksrole.config;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.eksrole.noderole.CheckDeadline;
import dev.eksrole.noderole.ScanParallelism;

/**
 * Binds the configuration that {@code Main} loaded and validated, slice by slice, so that each area
 * sees only its part of it; no I/O here.
 */
public final class ConfigModule extends AbstractModule {

    private final EksroleConfig config;

    public ConfigModule(EksroleConfig config) {
        this.config = requireNonNull(config, "config");
    }

    @Provides
    @Singleton
    AccountDirectory accountDirectory() {
        return new AccountDirectory(config.accounts());
    }

    @Provides
    CheckDeadline checkDeadline() {
        return new CheckDeadline(config.checkDeadline());
    }

    @Provides
    ScanParallelism scanParallelism() {
        return new ScanParallelism(config.scanParallel());
    }

    @Provides
    EksroleConfig.NodeRoleSettings nodeRoleSettings() {
        return config.nodeRoles();
    }

    @Provides
    EksroleConfig.Approvers approvers() {
        return config.approvers();
    }

    @Provides
    EksroleConfig.ApprovalPolicy approvalPolicy() {
        return config.approvalPolicy();
    }

    @Provides
    WatchSettings watchSettings() {
        return config.watch();
    }

    @Provides
    EksroleConfig.Store store() {
        return config.store();
    }
}

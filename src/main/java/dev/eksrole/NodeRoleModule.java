package dev.eksrole;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountScanner;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.NodeRolePatterns;
import java.time.Clock;

/**
 * The domain: the checker, the scanner, the fix planner and the clock, from the node-role slice of the
 * config. It sits beside {@code Main} rather than in {@code noderole}, which stays free of Guice.
 */
public final class NodeRoleModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Clock.class).toInstance(Clock.systemUTC());
    }

    @Provides
    NodeRolePatterns nodeRolePatterns(EksroleConfig.NodeRoleSettings settings) {
        return settings.patterns();
    }

    @Provides
    @Singleton
    NodeRoleChecker nodeRoleChecker(AccountAccess access, NodeRolePatterns patterns) {
        return new NodeRoleChecker(access, patterns);
    }

    @Provides
    @Singleton
    AccountScanner accountScanner(NodeRoleChecker checker) {
        return new AccountScanner(checker);
    }

    @Provides
    @Singleton
    FixPlanner fixPlanner(EksroleConfig.NodeRoleSettings settings) {
        return new FixPlanner(new FixPlanner.Settings(settings.createName(), settings.ecrPolicy(), settings.tags()));
    }
}

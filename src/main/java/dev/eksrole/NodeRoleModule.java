package dev.eksrole;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountFactsReader;
import dev.eksrole.noderole.AccessEntryRule;
import dev.eksrole.noderole.AccountScanner;
import dev.eksrole.noderole.AutoModePoliciesRule;
import dev.eksrole.noderole.AwsNodeRoleFinder;
import dev.eksrole.noderole.ClusterNodeRoleRule;
import dev.eksrole.noderole.ClusterReadingRule;
import dev.eksrole.noderole.ClusterRoleReuseRule;
import dev.eksrole.noderole.CniPolicyRule;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.noderole.InstanceProfileRule;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.NodeRoleFinder;
import dev.eksrole.noderole.NodeRolePatterns;
import dev.eksrole.noderole.NodeRolePresenceRule;
import dev.eksrole.noderole.NodegroupHealthRule;
import dev.eksrole.noderole.ParallelReads;
import dev.eksrole.noderole.RequiredPoliciesRule;
import dev.eksrole.noderole.RuleBook;
import dev.eksrole.noderole.ScanParallelism;
import dev.eksrole.noderole.SharedChecks;
import dev.eksrole.noderole.TrustPolicyRule;
import java.time.Clock;
import java.util.List;

/**
 * The domain: the reading of an account's facts, the rules, the checker, the scanner, the fix planner
 * and the clock, from the node-role slice of the config. It sits beside {@code Main} rather than in
 * {@code noderole}, which stays free of Guice.
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
    NodeRoleFinder nodeRoleFinder(NodeRolePatterns patterns) {
        return new NodeRoleFinder(patterns);
    }

    /** The one bounded pool of every check's EKS reads. */
    @Provides
    @Singleton
    ParallelReads parallelReads() {
        return new ParallelReads(ParallelReads.THREADS);
    }

    @Provides
    @Singleton
    AccountFactsReader accountFactsReader(AccountAccess access, NodeRoleFinder finder, ParallelReads pool) {
        return new AccountFactsReader(access, finder, pool);
    }

    @Provides
    NodeRolePresenceRule nodeRolePresenceRule(NodeRolePatterns patterns) {
        return new NodeRolePresenceRule(patterns);
    }

    @Provides
    CniPolicyRule cniPolicyRule(AwsNodeRoleFinder awsNodeRoles) {
        return new CniPolicyRule(awsNodeRoles);
    }

    /**
     * Every rule of a check, in the order a message lists their lines for a role or a cluster. A new rule
     * is a class and a line here.
     */
    @Provides
    @Singleton
    RuleBook ruleBook(NodeRolePresenceRule presence, RequiredPoliciesRule requiredPolicies, AutoModePoliciesRule autoModePolicies,
            CniPolicyRule cniPolicy, TrustPolicyRule trustPolicy, InstanceProfileRule instanceProfile, ClusterReadingRule clusterReading,
            ClusterNodeRoleRule clusterNodeRole, AccessEntryRule accessEntry, ClusterRoleReuseRule clusterRoleReuse,
            NodegroupHealthRule nodegroupHealth) {
        return new RuleBook(List.of(presence, requiredPolicies, autoModePolicies, cniPolicy, trustPolicy, instanceProfile,
                clusterReading, clusterNodeRole, accessEntry, clusterRoleReuse, nodegroupHealth));
    }

    @Provides
    @Singleton
    NodeRoleChecker nodeRoleChecker(AccountFactsReader reader, RuleBook rules) {
        return new NodeRoleChecker(reader, rules);
    }

    @Provides
    @Singleton
    SharedChecks sharedChecks(NodeRoleChecker checker) {
        return new SharedChecks(checker);
    }

    @Provides
    @Singleton
    AccountScanner accountScanner(NodeRoleChecker checker, ScanParallelism parallelism) {
        return new AccountScanner(checker, parallelism);
    }

    @Provides
    @Singleton
    FixPlanner fixPlanner(EksroleConfig.NodeRoleSettings settings) {
        return new FixPlanner(new FixPlanner.Settings(settings.createName(), settings.ecrPolicy(), settings.tags()));
    }
}

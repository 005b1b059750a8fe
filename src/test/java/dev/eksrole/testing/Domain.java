package dev.eksrole.testing;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountFacts;
import dev.eksrole.noderole.AccountReader;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountWriter;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.IamFacts;
import dev.eksrole.noderole.IamRole;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.NodeRole;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.NodeRolePatterns;
import dev.eksrole.noderole.RuleBook;
import dev.eksrole.noderole.RuleResult;
import dev.eksrole.noderole.ScanParallelism;
import dev.eksrole.noderole.Subject;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The domain as {@link NodeRoleModule} wires it (the same rules, in the same order), for tests that
 * need no AWS, and the reports those rules give for node roles a test describes.
 */
public final class Domain {

    private Domain() {}

    /** The checker over this access, with these name patterns. */
    public static NodeRoleChecker checker(AccountAccess access, NodeRolePatterns patterns) {
        return injector(access, patterns).getInstance(NodeRoleChecker.class);
    }

    /** The rules of a check with the default name patterns. */
    public static RuleBook rules() {
        AccountAccess none = new AccountAccess() {
            @Override
            public AccountReader open(Account account, String requester) {
                throw new AssertionError("the rules read nothing");
            }

            @Override
            public AccountWriter openWriter(Account account, String requester) {
                throw new AssertionError("the rules write nothing");
            }
        };
        return injector(none, NodeRolePatterns.DEFAULT).getInstance(RuleBook.class);
    }

    /**
     * What the rules report for an account whose node roles are these, and in which no other role carries
     * the CNI policy, as the checker would report it.
     */
    public static AccountReport report(Account account, NodeRole... nodeRoles) {
        List<NodeRole> sorted = Arrays.stream(nodeRoles).sorted(Comparator.comparing(NodeRole::name)).toList();
        String cni = ManagedPolicy.CNI.arn(account.partition());
        IamFacts iam = new IamFacts(sorted.stream().map(NodeRole::role).toList(), sorted,
                sorted.stream().filter(r -> r.attachedPolicyArns().contains(cni)).map(NodeRole::name).collect(Collectors.toSet()));
        return rules().report(new AccountFacts(account, iam));
    }

    /** A node role of account 111111111111. */
    public static NodeRole nodeRole(String name, List<String> attachedPolicyArns, String trust) {
        return new NodeRole(new IamRole(name, "arn:aws:iam::111111111111:role/" + name, "/", trust), attachedPolicyArns);
    }

    /** Findings a test gives itself, as the results of the rules they fail, about one subject. */
    public static List<RuleResult> failed(Subject subject, Finding... findings) {
        return Arrays.stream(findings).map(f -> RuleResult.fail(subject, f, f.detail())).toList();
    }

    private static Injector injector(AccountAccess access, NodeRolePatterns patterns) {
        return Guice.createInjector(new NodeRoleModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(AccountAccess.class).toInstance(access);
                bind(ScanParallelism.class).toInstance(new ScanParallelism(ScanParallelism.DEFAULT));
                bind(EksroleConfig.NodeRoleSettings.class).toInstance(
                        new EksroleConfig.NodeRoleSettings(patterns, "NodeInstanceRole", ManagedPolicy.ECR_READ_ONLY, Map.of()));
            }
        });
    }
}

package dev.eksrole.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.FindingCode;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.Severity;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each simulated account shows, through the production checker, the failure its description promises. */
class DemoOrganisationTest {

    @TempDir
    Path data;

    @Test
    void eachAccountGivesTheVerdictAndFindingItsDescriptionPromises() throws Exception {
        DemoOrganisation organisation = DemoOrganisation.answeringAtOnce();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(Demo.config(organisation, data)), new NodeRoleModule(),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(AccountAccess.class).toInstance(organisation);
                    }
                });
        NodeRoleChecker checker = injector.getInstance(NodeRoleChecker.class);
        Map<String, String> seen = new TreeMap<>();
        for (var account : injector.getInstance(AccountDirectory.class).all()) {
            AccountReport report = checker.check(account, Person.REQUESTER);
            seen.put(account.name(), report.verdict() + " " + report.allFindings().stream().map(Finding::code).map(FindingCode::name).sorted()
                    .distinct().toList());
        }

        assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of(
                "prod-eu", Severity.NEEDS_FIX + " [MISSING_POLICY]",
                "staging", Severity.OK + " []",
                "data-platform", Severity.WARNING + " [CNI_POLICY_ON_NODE_ROLE]",
                "ml-training", Severity.WARNING + " [CNI_POLICY_ON_NODE_ROLE]",
                "sandbox", Severity.NEEDS_FIX + " [TRUST_DOES_NOT_ALLOW_EC2]",
                "new-team", Severity.NEEDS_FIX + " [NO_NODE_ROLE]",
                "payments", Severity.NEEDS_FIX + " [NODE_ROLE_NOT_MAPPED]",
                "china-north", Severity.NEEDS_FIX + " [TRUST_DOES_NOT_ALLOW_EC2]",
                "shared-services", Severity.OK + " []"));
    }

    @Test
    void resetUndoesEveryWrite() throws Exception {
        DemoOrganisation organisation = new DemoOrganisation();
        SimulatedAccount prod = organisation.accounts().get(0);
        String ecr = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
        prod.writer().apply(new dev.eksrole.noderole.PlanStep.AttachPolicy("eksNodeRole", ecr));
        assertThat(organisation.accounts().get(0).reader().attachedPolicyArns("eksNodeRole")).contains(ecr);

        organisation.reset();

        assertThat(organisation.accounts().get(0).reader().attachedPolicyArns("eksNodeRole")).doesNotContain(ecr);
    }
}

package dev.eksrole;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.aws.AwsModule;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountScanner;
import dev.eksrole.noderole.Finding;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.FixPlanner;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanStep;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;

/** Each module owns its area and sees only its slice of the config. */
class ModulesTest {

    private static final String CONFIG = """
            accounts:
              - id: "111111111111"
                name: prod-eu
                externalId: ext-1
            nodeRoles:
              createName: MyNodes
              ecrPolicy: PullOnly
              tags: {team: platform}
            """;

    private Injector injector;

    private Injector terminal() throws Exception {
        EksroleConfig config = new ConfigLoader().parse(CONFIG, "test");
        injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config), new AwsModule(), new NodeRoleModule());
        return injector;
    }

    @AfterEach
    void close() {
        if (injector != null) {
            injector.getInstance(AccountSessionCache.class).close();
            injector.getInstance(SdkHttpClient.class).close();
        }
    }

    @Test
    void theDomainModuleGivesTheCheckerScannerPlannerAndClock() throws Exception {
        Injector terminal = terminal();

        assertThat(terminal.getInstance(NodeRoleChecker.class)).isSameAs(terminal.getInstance(NodeRoleChecker.class));
        assertThat(terminal.getInstance(AccountScanner.class)).isNotNull();
        assertThat(terminal.getInstance(Clock.class)).isEqualTo(Clock.systemUTC());
    }

    @Test
    void thePlannerCreatesRolesAsTheNodeRoleSliceSays() throws Exception {
        FixPlanner planner = terminal().getInstance(FixPlanner.class);
        Account account = new Account("111111111111", "prod-eu", Partition.AWS, "arn:aws:iam::111111111111:role/EksRoleAccess",
                "ext-1", null);
        AccountReport noNodeRole = AccountReport.of(account, new Finding.NoNodeRole(List.of("eksNodeRole")));

        FixPlan create = planner.offers(noNodeRole).get(0);

        assertThat(create.steps()).extracting(PlanStep::roleName).containsOnly("MyNodes");
        assertThat(((PlanStep.AttachPolicy) create.steps().get(2)).policyArn())
                .isEqualTo("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly");
    }

    @Test
    void nothingSeesTheWholeConfig() throws Exception {
        assertThat(terminal().getExistingBinding(Key.get(EksroleConfig.class))).isNull();
        assertThat(injector.getInstance(EksroleConfig.NodeRoleSettings.class).createName()).isEqualTo("MyNodes");
        assertThat(injector.getInstance(dev.eksrole.config.AccountDirectory.class).all()).extracting(Account::name)
                .isEqualTo(List.of("prod-eu"));
    }
}

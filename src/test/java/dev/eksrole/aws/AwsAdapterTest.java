package dev.eksrole.aws;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.CheckDeadline;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.Severity;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.RecordedCall;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;

/** The AWS adapter through the real SDK against the fake: calls made, sessions cached and closed. */
class AwsAdapterTest {

    private static final String PROD = "111111111111";

    @TempDir
    Path dir;

    private AwsWorld world;
    private FakeAccount prod;
    private Injector injector;

    @BeforeEach
    void start() throws Exception {
        world = AwsWorld.start(dir);
        prod = world.addTarget(PROD, "prod-eu", AWS);
        EksroleConfig config = new ConfigLoader().load(world.writeConfig());
        injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(config), new AwsModule(), new NodeRoleModule());
    }

    @AfterEach
    void stop() {
        injector.getInstance(AccountSessionCache.class).close();
        injector.getInstance(SdkHttpClient.class).close();
        world.close();
    }

    private Account account() {
        return injector.getInstance(dev.eksrole.config.AccountDirectory.class).all().get(0);
    }

    private AccountReport check(String requester) {
        return injector.getInstance(NodeRoleChecker.class).check(account(), requester);
    }

    private void addNodeRole(String name, String... policies) {
        prod.addRole(name);
        for (String policy : policies) {
            prod.attach(name, awsManagedPolicyArn(AWS, policy));
        }
    }

    private Map<String, Long> callsByAction() {
        return world.fake().calls().stream().collect(Collectors.groupingBy(RecordedCall::action, Collectors.counting()));
    }

    @Test
    void aCheckMakesOneCallPerPageAndOnePerNodeRoleAndNoGetRole() {
        for (int i = 0; i < 37; i++) {
            prod.addRole("service-role-" + i);
        }
        addNodeRole("NodeInstanceRole", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
        addNodeRole("AmazonEKSNodeRole", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
        addNodeRole("batch-workers", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly");

        AccountReport report = check("U012AB3CD");

        assertThat(report.verdict()).isEqualTo(Severity.OK);
        assertThat(report.roles()).hasSize(3);
        // N = 41 roles (with the access role), K = 3 node roles
        assertThat(callsByAction()).isEqualTo(Map.of(
                "AssumeRole", 1L, "ListRoles", 1L, "ListEntitiesForPolicy", 1L, "ListAttachedRolePolicies", 3L));
        assertThat(world.fake().calls("ListEntitiesForPolicy").get(0).parameter("PolicyArn"))
                .isEqualTo("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy");
        assertThat(world.fake().calls("ListEntitiesForPolicy").get(0).parameter("EntityFilter")).isEqualTo("Role");
    }

    @Test
    void theCniPolicysRolesAreListedOnlyWhenANodeRoleCarriesIt() {
        addNodeRole("NodeInstanceRole", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy");

        AccountReport report = check("U012AB3CD");

        assertThat(report.verdict()).isEqualTo(Severity.WARNING);
        assertThat(callsByAction()).containsEntry("ListEntitiesForPolicy", 2L).containsEntry("ListAttachedRolePolicies", 1L);
        assertThat(world.fake().calls("ListEntitiesForPolicy").get(1).parameter("PolicyArn"))
                .isEqualTo("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
    }

    @Test
    void theShippedAccessPolicyAllowsExactlyTheIamReadsACheckMakes() throws Exception {
        addNodeRole("NodeInstanceRole", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy");
        check("U012AB3CD");
        // and an account without a node role, whose verdict IAM's attachment count confirms
        prod.removeRole("NodeInstanceRole");
        check("U012AB3CD");
        // and, with clusters checked, one whose cluster uses a role with an entry of the wrong type
        world.config("regions: [eu-west-1]");
        Injector clusters = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(new ConfigLoader().load(world.writeConfig())),
                new AwsModule(), new NodeRoleModule());
        try {
            addNodeRole("NodeInstanceRole", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");
            var cluster = prod.addCluster("eu-west-1", "prod", "arn:aws:iam::" + PROD + ":role/cluster-role", "API");
            cluster.addNodegroup("general", prod.roleArn("NodeInstanceRole"), "AL2023_x86_64_STANDARD");
            cluster.addAccessEntry(prod.roleArn("NodeInstanceRole"), "STANDARD", "ops", "ops-team");
            Account account = clusters.getInstance(dev.eksrole.config.AccountDirectory.class).all().get(0);
            assertThat(clusters.getInstance(NodeRoleChecker.class).check(account, "U012AB3CD").clusters()).hasSize(1);
        } finally {
            clusters.getInstance(AccountSessionCache.class).close();
            clusters.getInstance(SdkHttpClient.class).close();
        }

        var policy = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("config/iam/access-role-check-policy.json").toFile());
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        policy.get("Statement").forEach(statement -> statement.get("Action").forEach(a -> allowed.add(a.asText())));
        java.util.Set<String> made = world.fake().calls().stream()
                .filter(c -> c.service().equals("iam") || c.service().equals("eks"))
                .map(c -> c.service() + ":" + c.action())
                .collect(Collectors.toCollection(java.util.TreeSet::new));

        assertThat(made).isEqualTo(allowed);
    }

    @Test
    void repeatedChecksReuseTheSessionAndEachRequesterGetsOwnSessionName() {
        addNodeRole("NodeInstanceRole", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");

        check("U012AB3CD");
        check("U012AB3CD");
        check("U999ZZZZZ");

        assertThat(world.fake().calls("AssumeRole")).extracting(c -> c.parameter("RoleSessionName"))
                .containsExactly("eksrole-U012AB3CD", "eksrole-U999ZZZZZ");
        assertThat(world.fake().count("ListRoles")).isEqualTo(3);
        assertThat(injector.getInstance(AccountSessionCache.class).size()).isEqualTo(2);
    }

    @Test
    void aRefusedSessionIsForgottenSoTheNextCheckTriesAgain() {
        prod.setTrust(AwsWorld.ACCESS_ROLE, AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT, "wrong-one"));
        assertThat(check("U1").verdict()).isEqualTo(Severity.UNKNOWN);

        prod.setTrust(AwsWorld.ACCESS_ROLE, AwsWorld.accessTrust(AWS, AwsWorld.HUB_ACCOUNT, AwsWorld.EXTERNAL_ID));
        addNodeRole("NodeInstanceRole", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly");

        assertThat(check("U1").verdict()).isEqualTo(Severity.OK);
        assertThat(world.fake().count("AssumeRole")).isEqualTo(2);
    }

    @Test
    void idleSessionsAreEvictedAndClosedButNotWhileLeased() {
        AtomicLong now = new AtomicLong();
        SdkHttpClient http = injector.getInstance(SdkHttpClient.class);
        try (AccountSessionCache cache = new AccountSessionCache(http, new CheckDeadline(Duration.ofSeconds(20)), now::get)) {
            AccountSession leased = cache.lease(account(), "U1");
            AccountSession idle = cache.lease(account(), "U2");
            idle.release();

            now.addAndGet(AccountSessionCache.IDLE_TIMEOUT.plusMinutes(1).toNanos());
            AccountSession fresh = cache.lease(account(), "U3");

            assertThat(idle.isClosed()).isTrue();
            assertThat(leased.isClosed()).as("still leased").isFalse();
            assertThat(cache.size()).isEqualTo(1);
            leased.release();
            assertThat(leased.isClosed()).as("evicted and released").isTrue();
            fresh.release();
            assertThat(fresh.isClosed()).isFalse();
        }
    }

    @Test
    void theCacheIsBounded() {
        SdkHttpClient http = injector.getInstance(SdkHttpClient.class);
        try (AccountSessionCache cache = new AccountSessionCache(http, new CheckDeadline(Duration.ofSeconds(20)), System::nanoTime)) {
            AccountSession first = cache.lease(account(), "U-first");
            first.release();
            for (int i = 0; i < AccountSessionCache.MAX_SESSIONS; i++) {
                cache.lease(account(), "U" + i).release();
            }
            assertThat(cache.size()).isEqualTo(AccountSessionCache.MAX_SESSIONS);
            assertThat(first.isClosed()).isTrue();
        }
    }

    @Test
    void policyDocumentsAreUrlDecodedOnlyWhenEncoded() {
        assertThat(IamAccountReader.decode("%7B%22Version%22%3A%20%222012-10-17%22%7D")).isEqualTo("{\"Version\": \"2012-10-17\"}");
        assertThat(IamAccountReader.decode("{\"a\":\"50%\"}")).isEqualTo("{\"a\":\"50%\"}");
        assertThat(IamAccountReader.decode(null)).isEmpty();
    }

    @Test
    void sessionNamesKeepToWhatStsAccepts() {
        assertThat(SessionName.forRequester("U012AB3CD")).isEqualTo("eksrole-U012AB3CD");
        assertThat(SessionName.forRequester("cli-jane doe")).isEqualTo("eksrole-cli-jane_doe");
        assertThat(SessionName.forRequester("x".repeat(100))).hasSize(64);
        assertThat(SessionName.forRequester(null)).isEqualTo("eksrole-unknown");
    }
}

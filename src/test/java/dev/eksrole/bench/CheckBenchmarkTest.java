package dev.eksrole.bench;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.aws.AwsModule;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.NodeRoleChecker;
import dev.eksrole.noderole.Severity;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.aws.FakeAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Prints the wall time of one check against the fake with 50 ms added to every AWS call, for a few
 * account sizes, and the calls it made. Figures only: the assertions are about what was checked.
 */
class CheckBenchmarkTest {

    private static final Duration LATENCY = Duration.ofMillis(50);
    private static final int RUNS = 5;

    @TempDir
    Path dir;

    @Test
    void wallTimeOfOneCheckWith50msPerCall() throws Exception {
        int[][] sizes = {{10, 1}, {200, 3}, {1500, 5}};
        StringBuilder table = new StringBuilder(String.format("%nCheck wall time, %d ms per AWS call (median of %d, fresh session each)%n", LATENCY.toMillis(), RUNS));
        table.append(String.format("%8s %4s %6s %10s %10s%n", "roles N", "K", "calls", "median ms", "worst ms"));
        for (int[] size : sizes) {
            Path sub = dir.resolve("n" + size[0]);
            java.nio.file.Files.createDirectories(sub);
            try (AwsWorld world = AwsWorld.start(sub)) {
                FakeAccount prod = world.addTarget("111111111111", "prod-eu", AWS);
                for (int i = 0; i < size[0] - size[1] - 1; i++) {
                    prod.addRole("app-role-%05d".formatted(i));
                }
                for (int k = 0; k < size[1]; k++) {
                    String name = "cluster-" + k + "-NodeInstanceRole";
                    prod.addRole(name);
                    prod.attach(name, awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
                    prod.attach(name, awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
                }
                Injector injector = Guice.createInjector(Stage.PRODUCTION,
                        new ConfigModule(new ConfigLoader().load(world.writeConfig())), new AwsModule(), new NodeRoleModule());
                Account account = injector.getInstance(AccountDirectory.class).all().get(0);
                NodeRoleChecker checker = injector.getInstance(NodeRoleChecker.class);
                checker.check(account, "warm-up");
                world.fake().latency(LATENCY);
                List<Long> millis = new ArrayList<>();
                long calls = 0;
                for (int run = 0; run < RUNS; run++) {
                    world.fake().clearCalls();
                    long start = System.nanoTime();
                    var report = checker.check(account, "bench-" + run);
                    millis.add((System.nanoTime() - start) / 1_000_000);
                    assertThat(report.verdict()).isEqualTo(Severity.OK);
                    assertThat(report.roles()).hasSize(size[1]);
                    calls = world.fake().calls().size();
                }
                long pages = (size[0] + 999) / 1000;
                assertThat(calls).isEqualTo(1 + pages + 1 + size[1]);
                Collections.sort(millis);
                table.append(String.format("%8d %4d %6d %10d %10d%n", size[0], size[1], calls, millis.get(RUNS / 2), millis.get(RUNS - 1)));
                injector.getInstance(AccountSessionCache.class).close();
                injector.getInstance(SdkHttpClient.class).close();
            }
        }
        System.out.println(table);
    }

    /**
     * The same for an account whose clusters are checked: 2 regions of 2 clusters of 3 managed node groups,
     * each node group with its own of 3 node roles and its access entry. The EKS reads run in parallel
     * with the IAM ones, so the time is about the longest chain of calls, not their number.
     */
    @Test
    void wallTimeOfOneClusterCheckWith50msPerCall() throws Exception {
        try (AwsWorld world = AwsWorld.start(dir)) {
            FakeAccount prod = world.addTarget("111111111111", "prod-eu", AWS);
            world.config("regions: [eu-west-1, us-east-1]");
            List<String> roles = List.of("workers-a", "workers-b", "workers-c");
            for (String role : roles) {
                prod.addRole(role, "/", prod.ec2TrustPolicy());
                prod.attach(role, awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
                prod.attach(role, awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
            }
            for (String region : List.of("eu-west-1", "us-east-1")) {
                for (String name : List.of("blue", "green")) {
                    var cluster = prod.addCluster(region, name, "arn:aws:iam::111111111111:role/cluster-role", "API");
                    for (String role : roles) {
                        cluster.addNodegroup("ng-" + role, prod.roleArn(role), "AL2023_x86_64_STANDARD");
                        cluster.addAccessEntry(prod.roleArn(role), "EC2_LINUX");
                    }
                }
            }
            Injector injector = Guice.createInjector(Stage.PRODUCTION,
                    new ConfigModule(new ConfigLoader().load(world.writeConfig())), new AwsModule(), new NodeRoleModule());
            Account account = injector.getInstance(AccountDirectory.class).all().get(0);
            NodeRoleChecker checker = injector.getInstance(NodeRoleChecker.class);
            checker.check(account, "warm-up");
            world.fake().latency(LATENCY);
            List<Long> millis = new ArrayList<>();
            long calls = 0;
            for (int run = 0; run < RUNS; run++) {
                world.fake().clearCalls();
                long start = System.nanoTime();
                var report = checker.check(account, "bench-" + run);
                millis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(report.verdict()).isEqualTo(Severity.OK);
                assertThat(report.clusters()).hasSize(4);
                calls = world.fake().calls().size();
            }
            Collections.sort(millis);
            System.out.printf("%nCluster check wall time, %d ms per AWS call (median of %d): R=2 C=4 G=12 K=3, %d calls, "
                    + "median %d ms, worst %d ms%n", LATENCY.toMillis(), RUNS, calls, millis.get(RUNS / 2), millis.get(RUNS - 1));
            injector.getInstance(AccountSessionCache.class).close();
            injector.getInstance(SdkHttpClient.class).close();
        }
    }
}

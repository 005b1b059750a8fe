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
}

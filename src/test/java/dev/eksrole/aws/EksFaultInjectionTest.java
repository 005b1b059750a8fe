package dev.eksrole.aws;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.AwsWorld.CliRun;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FaultProxy;
import dev.eksrole.testing.aws.FaultProxy.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EKS reads under faults, through the same proxy as IAM's: a hung, broken or foreign answer to any of a
 * check's EKS reads gives the fault-free verdict or UNKNOWN naming the EKS call (EKS_READ_FAILED), within
 * the check's deadline, and never a plan for what could not be read, nor a NEEDS_FIX the clusters do not
 * have.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EksFaultInjectionTest {

    static final Duration DEADLINE = Duration.ofSeconds(2);
    static final Duration SLACK = Duration.ofSeconds(6);
    static final String AL2023 = "AL2023_x86_64_STANDARD";

    private AwsWorld world;
    private FaultProxy proxy;
    private final List<String> table = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        world = AwsWorld.start(dir);
        // both accounts' node roles are perfect in IAM: only what EKS says tells them apart
        FakeAccount healthy = world.addTarget("111111111111", "healthy", AWS);
        nodeRole(healthy, "workers");
        var cluster = healthy.addCluster("eu-west-1", "prod", healthy.roleArn("cluster-role"), "API");
        cluster.addNodegroup("general", healthy.roleArn("workers"), AL2023);
        cluster.addAccessEntry(healthy.roleArn("workers"), "EC2_LINUX");
        FakeAccount broken = world.addTarget("222222222222", "broken", AWS);
        nodeRole(broken, "workers");
        broken.addCluster("eu-west-1", "prod", broken.roleArn("cluster-role"), "API")
                .addNodegroup("general", broken.roleArn("workers"), AL2023);
        world.config("regions: [eu-west-1]");
        world.config("checkDeadline: " + DEADLINE.toSeconds() + "s");
        proxy = FaultProxy.in(world.fake().endpoint());
        world.routeThrough(proxy.endpoint());
        // a first check in a fresh JVM loads the SDK's clients and can take longer than the short deadline these
        // cases use; one check of each account beforehand keeps that cost out of the first case's fault-free check
        world.run("check", "healthy", "--json");
        world.run("check", "broken", "--json");
    }

    private static void nodeRole(FakeAccount account, String name) {
        account.addRole(name, "/", account.ec2TrustPolicy());
        account.attach(name, awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        account.attach(name, awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
    }

    @BeforeEach
    void heal() {
        proxy.heal();
    }

    @AfterAll
    void stop() {
        System.out.println("fault | EKS read | account | verdict | answered in\n" + String.join("\n", table));
        proxy.close();
        world.close();
    }

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (Fault fault : List.of(Fault.HANG, Fault.BROKEN_JSON_200, Fault.HTML_200, Fault.EMPTY_200)) {
            for (String read : List.of("ListClusters", "DescribeCluster", "ListNodegroups", "DescribeNodegroup", "ListAccessEntries")) {
                cases.add(Arguments.of(fault, read, "healthy", "OK"));
                cases.add(Arguments.of(fault, read, "broken", "NEEDS_FIX"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}, {2} account")
    @MethodSource("faults")
    void anEksFaultGivesTheTrueVerdictOrUnknownNamingTheCallWithinTheDeadline(Fault fault, String read, String account, String truth) {
        assertThat(world.run("check", account, "--json").json().get("verdict").asText()).as("fault-free verdict").isEqualTo(truth);
        proxy.inject(fault, read);

        long start = System.nanoTime();
        CliRun run = assertTimeoutPreemptively(DEADLINE.plus(SLACK), () -> world.run("check", account, "--json"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        proxy.heal();

        JsonNode report = run.json();
        String verdict = report.get("verdict").asText();
        table.add(fault + " | " + read + " | " + account + " | " + verdict + " | " + millis + " ms");
        assertThat(proxy.faulted()).as("the fault hit %s", read).isPositive();
        assertThat(verdict).as("verdict under %s on %s: %s", fault, read, report).isIn(truth, "UNKNOWN");
        if (verdict.equals("UNKNOWN")) {
            List<JsonNode> failures = new ArrayList<>();
            report.get("findings").forEach(failures::add);
            report.get("clusters").forEach(c -> c.get("findings").forEach(failures::add));
            assertThat(failures).as("an UNKNOWN names the EKS call that failed: %s", report)
                    .anySatisfy(f -> {
                        assertThat(f.get("code").asText()).isEqualTo("EKS_READ_FAILED");
                        assertThat(f.get("detail").asText()).contains("eks:" + read).doesNotContain("null");
                    });
            // a cluster that could not be read is judged no further: no NEEDS_FIX, so no plan, rests on it
            report.get("clusters").forEach(c -> {
                List<String> codes = new ArrayList<>();
                c.get("findings").forEach(f -> codes.add(f.get("code").asText()));
                if (codes.contains("EKS_READ_FAILED")) {
                    assertThat(codes).as("cluster %s", c.get("name")).containsOnly("EKS_READ_FAILED");
                }
            });
            if (fault == Fault.HANG) {
                assertThat(failures).anySatisfy(f -> assertThat(f.get("detail").asText()).containsIgnoringCase("deadline"));
            }
        }
    }
}

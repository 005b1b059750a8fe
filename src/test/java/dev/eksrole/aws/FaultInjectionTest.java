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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault a network, a load balancer or IAM itself can produce, on every read a check makes,
 * against a healthy and a broken account: the answer is the fault-free verdict or UNKNOWN, never
 * another, and it comes within the check's deadline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

    static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Room for the JVM and the CLI around the check itself. */
    static final Duration SLACK = Duration.ofSeconds(6);

    private AwsWorld world;
    private FaultProxy proxy;
    /** The same config with a deadline a loaded machine cannot miss, for the fault-free verdicts. */
    private Path patientConfig;
    /** fault, read, account → verdict and time to answer, printed at the end for the record */
    private final List<String> table = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws java.io.IOException {
        world = AwsWorld.start(dir);
        FakeAccount healthy = world.addTarget("111111111111", "healthy", AWS);
        // one node role found by its name, one only by the worker policy it carries
        healthy.addRole("NodeInstanceRole", "/", healthy.ec2TrustPolicy());
        healthy.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        healthy.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
        healthy.addRole("prod-workers", "/", healthy.ec2TrustPolicy());
        healthy.attach("prod-workers", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        healthy.attach("prod-workers", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryPullOnly"));
        healthy.addRole("ci-deployer", "/", healthy.ec2TrustPolicy());
        healthy.attach("ci-deployer", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));

        FakeAccount broken = world.addTarget("222222222222", "broken", AWS);
        broken.addRole("eksNodeRole", "/", broken.ec2TrustPolicy());
        broken.attach("eksNodeRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        broken.addRole("other-workers", "/", broken.ec2TrustPolicy());
        broken.attach("other-workers", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        broken.attach("other-workers", awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));

        world.config("checkDeadline: " + DEADLINE.toSeconds() + "s");
        proxy = FaultProxy.in(world.fake().endpoint());
        world.routeThrough(proxy.endpoint());
        Path config = world.writeConfig();
        patientConfig = java.nio.file.Files.writeString(dir.resolve("patient.yml"), java.nio.file.Files.readString(config)
                .replace("checkDeadline: " + DEADLINE.toSeconds() + "s", "checkDeadline: 60s"));
    }

    @AfterAll
    void stop() {
        System.out.println("fault | read | account | verdict | answered in\n" + String.join("\n", table));
        proxy.close();
        world.close();
    }

    private static final java.util.Set<Fault> SLOW = java.util.EnumSet.of(Fault.HTTP_500, Fault.HTTP_503, Fault.THROTTLING,
            Fault.TRUNCATED_BODY, Fault.RESET, Fault.HANG, Fault.SLOW_BODY);

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        List<String> reads = List.of("ListRoles", "ListEntitiesForPolicy", "ListAttachedRolePolicies", "AssumeRole", "*");
        for (Fault fault : Fault.values()) {
            if (fault == Fault.NONE) {
                continue;
            }
            // faults that take the whole deadline run on the first and the last read of a check, not on every one
            List<String> targets = fault == Fault.EMPTY_ASSUME_ROLE ? List.of("AssumeRole")
                    : SLOW.contains(fault) ? List.of("AssumeRole", "ListRoles", "ListAttachedRolePolicies", "*") : reads;
            for (String action : targets) {
                if (fault == Fault.REPEATED_MARKER && action.equals("AssumeRole")) {
                    continue;
                }
                cases.add(Arguments.of(fault, action, "healthy", "OK"));
                cases.add(Arguments.of(fault, action, "broken", "NEEDS_FIX"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}, {2} account")
    @MethodSource("faults")
    void aFaultGivesTheTrueVerdictOrUnknownWithinTheDeadline(Fault fault, String action, String account, String truth) {
        proxy.heal();
        // the fault-free verdict, under a deadline no loaded machine will miss: only the faulted check runs on the short one
        assertThat(world.run("check", account, "--json", "--config", patientConfig.toString()).json().get("verdict").asText())
                .as("fault-free verdict").isEqualTo(truth);
        proxy.inject(fault, action);
        long start = System.nanoTime();
        CliRun run = assertTimeoutPreemptively(DEADLINE.plus(SLACK), () -> world.run("check", account, "--json"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        proxy.heal();
        JsonNode report = run.json();
        assertThat(report.has("verdict")).as("a verdict on stdout; stdout %s; stderr %s", run.out(), run.err()).isTrue();
        String verdict = report.get("verdict").asText();
        table.add(fault + " | " + action + " | " + account + " | " + verdict
                + (verdict.equals("UNKNOWN") ? " (" + report.get("findings").get(0).get("code").asText() + ")" : "") + " | " + millis + " ms");
        assertThat(verdict).as("verdict under %s on %s: %s", fault, action, report).isIn(truth, "UNKNOWN");
        assertThat(run.exitCode()).isEqualTo(verdict.equals("OK") ? 0 : verdict.equals("NEEDS_FIX") ? 2 : 3);
        if (verdict.equals("UNKNOWN")) {
            assertThat(report.get("findings")).as("an UNKNOWN says why").isNotEmpty();
            assertThat(report.get("findings").get(0).get("detail").asText()).isNotBlank().doesNotContain("null");
        }
    }
}

package dev.eksrole.aws;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.RecordedCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reads of one check overlap where they do not wait on each other: with every AWS answer taking a second, the
 * calls arrive in waves a second apart, and a healthy account takes three (the session, the roles beside the worker
 * policy's holders, every node role's attachments), whatever the number of node roles. The calls are the same.
 */
class ReadWavesTest {

    private static final Duration LATENCY = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aHealthyAccountWithThreeNodeRolesIsReadInThreeWaves() {
        try (AwsWorld world = AwsWorld.start(dir)) {
            FakeAccount prod = world.addTarget("111111111111", "prod-eu", AWS);
            for (String name : List.of("a-NodeInstanceRole", "b-NodeInstanceRole", "c-NodeInstanceRole")) {
                prod.addRole(name);
                prod.attach(name, awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
                prod.attach(name, awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
            }
            world.fake().latency(LATENCY);
            world.fake().clearCalls();

            assertThat(world.run("check", "prod-eu", "--json").exitCode()).isZero();

            List<List<String>> waves = waves(world.fake().calls());
            assertThat(waves).containsExactly(
                    List.of("AssumeRole"),
                    List.of("ListEntitiesForPolicy", "ListRoles"),
                    List.of("ListAttachedRolePolicies", "ListAttachedRolePolicies", "ListAttachedRolePolicies"));
        }
    }

    @Test
    void aMissingPolicyIsConfirmedInOneMoreWaveWithBothEcrListingsAtOnce() {
        try (AwsWorld world = AwsWorld.start(dir)) {
            FakeAccount prod = world.addTarget("111111111111", "prod-eu", AWS);
            prod.addRole("NodeInstanceRole");
            prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
            prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKS_CNI_Policy"));
            world.fake().latency(LATENCY);
            world.fake().clearCalls();

            assertThat(world.run("check", "prod-eu", "--json").exitCode()).isEqualTo(2);

            List<List<String>> waves = waves(world.fake().calls());
            assertThat(waves).hasSize(4);
            assertThat(waves.get(3)).containsExactly("ListEntitiesForPolicy", "ListEntitiesForPolicy", "ListEntitiesForPolicy");
        }
    }

    /** The calls grouped by arrival: a call arriving more than half a latency after the previous one starts a new wave. */
    private static List<List<String>> waves(List<RecordedCall> calls) {
        List<RecordedCall> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparing(RecordedCall::at));
        List<List<String>> waves = new ArrayList<>();
        List<String> current = null;
        RecordedCall previous = null;
        for (RecordedCall call : sorted) {
            if (previous == null || Duration.between(previous.at(), call.at()).compareTo(LATENCY.dividedBy(2)) > 0) {
                current = new ArrayList<>();
                waves.add(current);
            }
            current.add(call.action());
            current.sort(null);
            previous = call;
        }
        return waves;
    }
}

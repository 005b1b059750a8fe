package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.ChildProcess;
import dev.eksrole.testing.aws.FakeAccount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code EKSROLE_LOG_LEVEL} and {@code EKSROLE_LOG_FORMAT}, read from the real environment of the process. */
class LoggingInChildProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ChildProcess.Finished check(AwsWorld world, Map<String, String> logging) {
        FakeAccount prod = world.addTarget("111111111111", "prod-eu", AWS);
        prod.addRole("NodeInstanceRole");
        prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        Map<String, String> env = new HashMap<>(world.childEnvironment());
        env.putAll(logging);
        return ChildProcess.run(dir, env, "check", "prod-eu", "--json");
    }

    @Test
    void debugReachesEksroleAndTheAwsSdkAndJsonGivesOneObjectPerLine() throws Exception {
        try (AwsWorld world = AwsWorld.start(dir)) {
            ChildProcess.Finished run = check(world, Map.of("EKSROLE_LOG_LEVEL", "debug", "EKSROLE_LOG_FORMAT", "json"));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(JSON.readTree(run.out()).get("verdict").asText()).isEqualTo("NEEDS_FIX");
            List<JsonNode> events = new ArrayList<>();
            for (String line : run.errLines()) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.isObject()).as(line).isTrue();
                events.add(event);
            }
            assertThat(events).anySatisfy(e -> {
                assertThat(e.get("level").asText()).isEqualTo("DEBUG");
                assertThat(e.get("loggerName").asText()).startsWith("software.amazon.awssdk");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.get("level").asText()).isEqualTo("DEBUG");
                assertThat(e.get("loggerName").asText()).startsWith("dev.eksrole");
            });
            assertThat(run.err()).doesNotContain(world.hub().secretAccessKey());
        }
    }

    @Test
    void theDefaultLevelShowsNoDebugLineAndOnlyText() throws Exception {
        try (AwsWorld world = AwsWorld.start(dir)) {
            ChildProcess.Finished run = check(world, Map.of());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).doesNotContain("DEBUG").doesNotContain("{\"");
        }
    }

    @Test
    void aLevelThatIsNoLevelIsSaidOnceAndInfoIsUsed() throws Exception {
        try (AwsWorld world = AwsWorld.start(dir)) {
            ChildProcess.Finished run = check(world, Map.of("EKSROLE_LOG_LEVEL", "verbose"));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.errLines()).filteredOn(l -> l.contains("EKSROLE_LOG_LEVEL")).singleElement().asString()
                    .contains("'verbose' is not a level").contains("using INFO");
        }
    }
}

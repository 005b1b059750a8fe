package dev.eksrole.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void theEksroleSideTakesItsOwnJvmOptionsAndALauncher() {
        BenchOptions options = BenchOptions.parse(new String[] {"--eksrole-jvm-opts", "-XX:SharedArchiveFile=app.jsa  -XX:TieredStopAtLevel=1",
            "--launcher=bin/eksrole", "--only", "1,2", "--runs", "3", ""});

        assertThat(options.eksroleJvmOptions()).containsExactly("-XX:SharedArchiveFile=app.jsa", "-XX:TieredStopAtLevel=1");
        assertThat(options.baselineJvmOptions()).isEmpty();
        assertThat(options.launcher()).isEqualTo(Path.of("bin/eksrole").toAbsolutePath());
        assertThat(options.items()).containsExactly(1, 2);
        assertThat(options.runs()).isEqualTo(3);
        assertThat(options.eksroleLaunch()).contains("bin/eksrole").contains("JDK_JAVA_OPTIONS=-XX:SharedArchiveFile=app.jsa");
    }

    @Test
    void defaultsRunEveryItemOnThePackagedJar() {
        BenchOptions options = BenchOptions.parse(new String[0]);

        assertThat(options.items()).containsExactly(1, 2, 3, 4, 5);
        assertThat(options.jar()).isEqualTo(Path.of("target", "eksrole.jar").toAbsolutePath());
        assertThat(options.launcher()).isNull();
        assertThat(options.eksroleLaunch()).isEqualTo("java -jar " + options.jar());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        for (List<String> args : List.of(List.of("--runs", "0"), List.of("--only", "6"), List.of("--frobnicate", "1"), List.of("--jar"))) {
            assertThatThrownBy(() -> BenchOptions.parse(args.toArray(String[]::new)))
                    .as(String.join(" ", args)).isInstanceOf(BenchOptions.UsageException.class).hasMessageContaining(args.get(0));
        }
    }
}

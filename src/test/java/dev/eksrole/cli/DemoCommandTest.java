package dev.eksrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eksrole demo} refuses what it cannot do in one line with the contract's exit code, never a trace. */
class DemoCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpSaysItStaysOnThisMachine() {
        Run run = run("demo", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--port", "--data", "127.0.0.1", "calls neither AWS nor Slack");
        assertThat(run("--help").out()).contains("demo");
    }

    @Test
    void aPortOutOfRangeIsBadUsage() {
        Run run = run("demo", "--port", "70000");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("--port must be a number from 0 to 65535").doesNotContain("Exception");
    }

    @Test
    void aDataFolderThatIsAFileExits69AndSaysWhatToGive() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("not-a-folder"));
        Run run = run("demo", "--port", "0", "--data", file.toString());
        assertThat(run.exitCode()).isEqualTo(69);
        assertThat(run.err()).contains(file + " is there and is not a folder", "give --data a folder this user can create and write")
                .doesNotContain("Exception");
    }

    @Test
    void aTakenPortExits69AndSaysToGiveAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run run = run("demo", "--port", Integer.toString(taken.getLocalPort()), "--data", dir.toString());
            assertThat(run.exitCode()).isEqualTo(69);
            assertThat(run.err()).contains("port " + taken.getLocalPort() + " is already in use", "give --port a free port")
                    .doesNotContain("Exception");
        }
    }
}

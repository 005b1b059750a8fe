package dev.eksrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.testing.ChildProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eksrole demo} as someone runs it, in a process of its own: it says where the page is once the page answers,
 * stops cleanly on SIGTERM, and a second demo on the same {@code --data} folder stops at once with exit 69 and a line
 * saying what to do.
 */
class DemoInChildProcessTest {

    private static final Pattern OPEN = Pattern.compile("eksrole demo: open (http://127\\.0\\.0\\.1:\\d+/) \\(ready \\d+ ms after start");

    @TempDir
    Path dir;

    @Test
    void saysWhereThePageIsAndASecondDemoOnTheSameDataIsRefused() throws Exception {
        Path data = dir.resolve("data");
        try (ChildProcess first = ChildProcess.start(dir, Map.of(), "demo", "--port", "0", "--data", data.toString())) {
            String url = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> opened(first), u -> u != null);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("eksrole");

            ChildProcess.Finished second = ChildProcess.run(dir, Map.of(), "demo", "--port", "0", "--data", data.toString());
            assertThat(second.exitCode()).as(second.err()).isEqualTo(69);
            assertThat(second.err()).contains("store unavailable", "held by another eksrole process",
                    "another eksrole demo started with the same --data").doesNotContain("Exception", "\tat ");

            ChildProcess.Finished stopped = first.stop();
            assertThat(stopped.err()).doesNotContain("Exception", " ERROR ");
        }
    }

    private static String opened(ChildProcess child) {
        Matcher matcher = OPEN.matcher(child.stdout());
        return matcher.find() ? matcher.group(1) : null;
    }
}

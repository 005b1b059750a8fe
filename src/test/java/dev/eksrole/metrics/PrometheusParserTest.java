package dev.eksrole.metrics;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot's {@code /metrics} read by the Prometheus project's own Python client parser (Debian's
 * {@code python3-prometheus-client}, which {@code .ci/run} installs): not only our reading of the format.
 * Skipped where the parser is missing, except in CI, where it must be there.
 */
class PrometheusParserTest {

    private static final String PARSE = String.join("\n",
            "import sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "families = list(text_string_to_metric_families(sys.stdin.read()))",
            "for family in families:",
            "    for sample in family.samples:",
            "        if sample.name == 'eksrole_checks_total':",
            "            print(family.type, sample.labels['source'], sample.labels['verdict'], sample.value)",
            "print('families', len(families))");

    @TempDir
    Path dir;

    @Test
    void theScrapeAfterACheckParsesWithThePrometheusParser() throws Exception {
        String python = python();
        assumeTrue(python != null, "no Python with prometheus_client here (apt-get install python3-prometheus-client)");
        try (AwsWorld aws = AwsWorld.start(dir)) {
            aws.addTarget("111111111111", "prod-eu", AWS);
            try (BotWorld world = BotWorld.http(aws)) {
                String command = world.command("check prod-eu", "U0REQUEST1", "C0PLATFORM");
                String responseUrl = BotWorld.formValue(command, "response_url");
                assertThat(world.requests().send(command).statusCode()).isEqualTo(200);
                world.slack().awaitPost(p -> p.target().equals(responseUrl), Duration.ofSeconds(30));
                String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(world.uri("/metrics")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();

                List<String> parsed = run(python, text);

                assertThat(parsed).contains("counter slack NEEDS_FIX 1.0", "counter slack OK 0.0", "counter watch UNKNOWN 0.0");
                assertThat(parsed.get(parsed.size() - 1)).startsWith("families ");
                assertThat(Integer.parseInt(parsed.get(parsed.size() - 1).substring("families ".length()))).isGreaterThan(20);
            }
        }
    }

    private static List<String> run(String python, String text) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python, "-c", PARSE).redirectErrorStream(true).start();
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("the Prometheus parser refused the scrape:\n" + out);
        }
        return out.lines().toList();
    }

    /** A Python that has prometheus_client; in CI its absence is a failure, not a skip. */
    private static String python() throws InterruptedException {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import prometheus_client").redirectErrorStream(true).start();
                if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not there: try the next
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI must have python3-prometheus-client (.ci/run installs it)");
        }
        return null;
    }
}

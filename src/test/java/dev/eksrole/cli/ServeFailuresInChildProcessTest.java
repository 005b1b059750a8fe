package dev.eksrole.cli;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.Version;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.ChildProcess;
import dev.eksrole.testing.slack.SlackStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a person sees when {@code serve} or {@code history} cannot have what they need, against a real bot
 * running in its own process: one line naming the problem and what to do, the documented exit code, and no
 * stack trace from eksrole or any library at the default log level.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeFailuresInChildProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A line eksrole's logging wrote: time, level, thread, logger. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \\[.*");

    private Path dir;
    private AwsWorld aws;
    private SlackStandIn slack;
    private ChildProcess bot;
    private int botPort;
    private Map<String, String> botEnv;

    @BeforeAll
    void startABot() throws IOException {
        dir = Files.createTempDirectory("eksrole-serve-failures");
        aws = AwsWorld.start(dir);
        aws.addTarget("111111111111", "prod-eu", AWS);
        slack = SlackStandIn.start();
        botPort = freePort();
        botEnv = serveEnvironment(botPort);
        Map<String, String> debug = new HashMap<>(botEnv);
        debug.put("EKSROLE_LOG_LEVEL", "DEBUG");
        debug.put("EKSROLE_LOG_FORMAT", "json");
        bot = ChildProcess.start(dir, debug, "serve");
        bot.awaitHealthy(botPort);
    }

    @AfterAll
    void stopTheBot() {
        if (bot != null) {
            bot.close();
        }
        slack.close();
        aws.close();
    }

    private Map<String, String> serveEnvironment(int port) {
        Map<String, String> env = new HashMap<>(aws.childEnvironment());
        env.putAll(BotWorld.environment(slack, false));
        env.put("PORT", String.valueOf(port));
        return env;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stderr holds log lines (none of them ERROR) and exactly one line for people, {@code expected}; no stack frame. */
    private static void assertOneLine(ChildProcess.Finished run, String expectedStart) {
        List<String> forPeople = new ArrayList<>();
        for (String line : run.errLines()) {
            assertThat(line).as("a stack frame or a cause in:\n" + run.err()).doesNotMatch("^\\s+at .*").doesNotStartWith("Caused by");
            if (LOG_LINE.matcher(line).matches()) {
                assertThat(line).as(run.err()).doesNotContain(" ERROR ");
            } else {
                forPeople.add(line);
            }
        }
        assertThat(forPeople).as(run.err()).singleElement().asString().startsWith(expectedStart);
    }

    @Test
    void historyWhileTheBotHoldsTheH2FileSaysSoAndExits69() throws Exception {
        ChildProcess.Finished text = ChildProcess.run(dir, aws.childEnvironment(), "history", "prod-eu");
        ChildProcess.Finished json = ChildProcess.run(dir, aws.childEnvironment(), "history", "prod-eu", "--json");

        assertThat(text.exitCode()).as(text.err()).isEqualTo(69);
        assertOneLine(text, "eksrole: store unavailable: the H2 store " + dir.resolve("data").resolve("eksrole.mv.db")
                + " is held by another eksrole process, most likely the running bot; read the history with /eksrole history in Slack");
        assertThat(text.out()).isEmpty();
        assertThat(json.exitCode()).isEqualTo(69);
        JsonNode error = JSON.readTree(json.out());
        assertThat(error.get("error").asText()).isEqualTo("store_unavailable");
        assertThat(error.get("message").asText()).startsWith("store unavailable: the H2 store");
    }

    @Test
    void aSecondBotOnTheSameDataFolderExits69() {
        ChildProcess.Finished second = ChildProcess.run(dir, serveEnvironment(freePort()), "serve");

        assertThat(second.exitCode()).as(second.err()).isEqualTo(69);
        assertOneLine(second, "eksrole: store unavailable: the H2 store " + dir.resolve("data").resolve("eksrole.mv.db")
                + " is held by another eksrole process, most likely a bot already serving from this store.dataDir");
    }

    @Test
    void aBotOnATakenPortNamesPortAndExits69() throws Exception {
        Path otherData = Files.createDirectories(dir.resolve("other-data"));
        Path config = Files.writeString(dir.resolve("other.yml"), Files.readString(aws.writeConfig())
                .replace(dir.resolve("data").toString(), otherData.toString()));
        Map<String, String> env = serveEnvironment(botPort);
        env.put("EKSROLE_CONFIG", config.toString());

        ChildProcess.Finished taken = ChildProcess.run(dir, env, "serve");

        assertThat(taken.exitCode()).as(taken.err()).isEqualTo(69);
        assertOneLine(taken, "eksrole: port " + botPort + " is already in use; stop what listens there or set PORT to a free port");
    }

    @Test
    void slackUnreachableAtStartExits69() {
        Map<String, String> env = serveEnvironment(0);
        int closed = freePort();
        env.put("SLACK_API_URL", "http://127.0.0.1:" + closed + "/api/");
        env.put("EKSROLE_CONFIG", writeConfigWithOwnStore("unreachable").toString());

        ChildProcess.Finished run = ChildProcess.run(dir, env, "serve");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(69);
        assertOneLine(run, "eksrole: cannot reach Slack at http://127.0.0.1:" + closed + "/api/ (auth.test: ");
        assertThat(run.err()).contains("check the network, a proxy, or SLACK_API_URL").doesNotContain("The token is invalid");
    }

    @Test
    void aBotTokenSlackRefusesExits64InOneLine() {
        Map<String, String> env = serveEnvironment(0);
        env.put("SLACK_BOT_TOKEN", "xoxb-revoked");
        env.put("EKSROLE_CONFIG", writeConfigWithOwnStore("refused").toString());

        ChildProcess.Finished run = ChildProcess.run(dir, env, "serve");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(64);
        assertOneLine(run, "eksrole: Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth); reinstall the app and copy the bot token again");
        assertThat(run.err()).doesNotContain("xoxb-revoked");
    }

    @Test
    void theBotLogsOneLineAtStartAndOneAtStopAndBoltAtDebugWithoutSecrets() throws Exception {
        Map<String, String> env = new HashMap<>(serveEnvironment(freePort()));
        env.put("EKSROLE_CONFIG", writeConfigWithOwnStore("lifecycle").toString());
        env.put("EKSROLE_LOG_LEVEL", "DEBUG");
        env.put("EKSROLE_LOG_FORMAT", "json");
        ChildProcess.Finished run;
        try (ChildProcess child = ChildProcess.start(dir, env, "serve")) {
            child.awaitHealthy(Integer.parseInt(env.get("PORT")));
            run = child.stop();
        }

        List<JsonNode> events = new ArrayList<>();
        for (String line : run.errLines()) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).filteredOn(e -> e.path("formattedMessage").asText().startsWith("eksrole " + Version.current() + " serving Slack"))
                .singleElement().satisfies(e -> {
                    assertThat(e.get("level").asText()).isEqualTo("INFO");
                    assertThat(e.get("formattedMessage").asText()).isEqualTo("eksrole " + Version.current() + " serving Slack in HTTP mode on port "
                            + env.get("PORT") + "; 1 account (prod-eu); store h2");
                });
        assertThat(events).filteredOn(e -> e.path("formattedMessage").asText().startsWith("eksrole " + Version.current() + " stopped after"))
                .hasSize(1);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("level").asText()).isEqualTo("DEBUG");
            assertThat(e.get("loggerName").asText()).startsWith("com.slack.api");
        });
        assertThat(run.err()).doesNotContain(SlackStandIn.DEFAULT_BOT_TOKEN).doesNotContain(BotWorld.SIGNING_SECRET);
    }

    /** The config of the running bot with a store of its own, for a bot that must not meet the running one's lock. */
    private Path writeConfigWithOwnStore(String name) {
        try {
            Path data = Files.createDirectories(dir.resolve("data-" + name));
            return Files.writeString(dir.resolve(name + ".yml"), Files.readString(aws.writeConfig())
                    .replace(dir.resolve("data").toString(), data.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

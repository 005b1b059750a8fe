package dev.eksrole.bench;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;

import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.slack.SignedSlackRequests;
import dev.eksrole.testing.slack.SlackStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the class list the packaged launchers build their class-data sharing archive from: the classes a real
 * {@code check --json} and a real {@code serve} (answering a signed {@code /eksrole check} with a verdict that offers
 * fixes) load, against the IAM/STS fake and the Slack stand-in. A class list is plain text and fits any Java 17
 * runtime, so each runtime dumps its own archive from it ({@code java -Xshare:dump}), the Docker image at build time
 * and {@code bin/eksrole} on first use.
 *
 * <p>Run by {@code mvn package} (exec-maven-plugin, phase package) as
 * {@code ClassListTraining --jar target/eksrole.jar --out target/eksrole.classlist}.
 */
public final class ClassListTraining {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String CHANNEL = "C0TRAIN01";

    private ClassListTraining() {
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        Path jar = Path.of(options.getOrDefault("--jar", "target/eksrole.jar")).toAbsolutePath();
        Path out = Path.of(options.getOrDefault("--out", "target/eksrole.classlist")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            System.err.println("class list: no jar at " + jar + "; build it first (mvn package)");
            System.exit(1);
        }
        Path dir = temporaryFolder();
        try {
            Set<String> lines = new LinkedHashSet<>();
            lines.addAll(train(jar, dir));
            Files.write(out, lines);
            System.out.println("class list: " + lines.size() + " lines from a check and a serve, written to " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BenchFailure e) {
            System.err.println("class list: " + e.getMessage());
            System.exit(1);
        } finally {
            Suite.delete(dir);
        }
    }

    private static List<String> train(Path jar, Path dir) throws IOException {
        Path checkList = dir.resolve("check.classlist");
        Path serveList = dir.resolve("serve.classlist");
        try (AwsWorld world = AwsWorld.start(dir); SlackStandIn slack = SlackStandIn.start()) {
            BenchAccounts.populate(world.addTarget("111111111111", "prod-eu", AWS));
            // an account that needs a fix, so that the plan and its buttons are built too
            var staging = world.addTarget("222222222222", "staging", AWS);
            staging.addRole("NodeInstanceRole");
            staging.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
            Map<String, String> aws = world.childEnvironment();
            check(jar, checkList, aws, dir);
            serve(jar, serveList, aws, slack, dir);
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(checkList));
        lines.addAll(Files.readAllLines(serveList));
        return lines;
    }

    private static void check(Path jar, Path list, Map<String, String> aws, Path dir) {
        for (String account : List.of("prod-eu", "staging")) {
            Path part = dir.resolve("check-" + account + ".classlist");
            try (Child child = Child.start("check", command(jar, part, "check", account, "--json"), aws, dir)) {
                child.awaitExit(DEADLINE);
                if (child.exitCode() > 2) {
                    throw new BenchFailure("check " + account + " ended with " + child.exitCode() + "; " + child.stderrTail());
                }
            }
            append(part, list);
        }
    }

    private static void serve(Path jar, Path list, Map<String, String> aws, SlackStandIn slack, Path dir) {
        int port = Child.freePort();
        Map<String, String> env = new HashMap<>(aws);
        env.putAll(BenchAccounts.slackEnvironment(slack, port));
        try (Child bot = Child.start("serve", command(jar, list, "serve"), env, dir)) {
            bot.awaitHealthy(port, DEADLINE);
            SignedSlackRequests requests = new SignedSlackRequests(dev.eksrole.testing.BotWorld.SIGNING_SECRET,
                    URI.create("http://127.0.0.1:" + port + "/slack/events"));
            for (String account : List.of("prod-eu", "staging")) {
                String responseUrl = slack.newResponseUrl();
                HttpResponse<String> ack = requests.send(requests.slashCommandBody("/eksrole", "check " + account, "U0TRAIN01", "oncall",
                        CHANNEL, responseUrl));
                if (ack.statusCode() != 200) {
                    throw new BenchFailure("the bot answered " + ack.statusCode() + " to check " + account + "; " + bot.stderrTail());
                }
                slack.awaitPost(p -> responseUrl.equals(p.target()), DEADLINE);
            }
        }
    }

    private static ProcessBuilder command(Path jar, Path list, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-XX:DumpLoadedClassList=" + list, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Launch.clean(builder.environment());
        return builder;
    }

    private static void append(Path part, Path list) {
        try {
            Files.write(list, Files.readAllLines(part), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new BenchFailure("no class list at " + part + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("eksrole-classlist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.eksrole.bench;

import static dev.eksrole.testing.aws.FakeAws.AWS;

import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.slack.SlackStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item 2: {@code eksrole serve} in HTTP mode (Slack's auth.test on the stand-in, the H2 store in a temporary folder,
 * AWS on the fake) from start until {@code /health} answers 200, against the bare Bolt app started the same way.
 * The store is made by an untimed first start, so the timed ones are restarts, as in a deployment.
 */
final class ServeBench {

    static final Duration DEADLINE = Duration.ofSeconds(120);

    private ServeBench() {
    }

    static void run(BenchOptions options, Launch launch, Path dir, ResultTable table) {
        try (AwsWorld world = AwsWorld.start(dir); SlackStandIn slack = SlackStandIn.start()) {
            BenchAccounts.populate(world.addTarget("111111111111", "prod-eu", AWS));
            Map<String, String> aws = world.childEnvironment();
            serve(launch, aws, slack, dir);
            bare(launch, slack, dir);
            List<Long> eksrole = new ArrayList<>();
            List<Long> bare = new ArrayList<>();
            for (int run = 0; run < options.runs(); run++) {
                if (run % 2 == 0) {
                    bare.add(bare(launch, slack, dir));
                    eksrole.add(serve(launch, aws, slack, dir));
                } else {
                    eksrole.add(serve(launch, aws, slack, dir));
                    bare.add(bare(launch, slack, dir));
                }
            }
            Samples e = Samples.of(eksrole);
            Samples b = Samples.of(bare);
            table.add("2 serve until /health 200, ms (median / p95)", e.medianAndP95Millis(), "bare Bolt app " + b.medianAndP95Millis(),
                    ResultTable.ratio(e.median(), b.median()));
            table.note("2: " + options.runs() + " starts each, interleaved, after an untimed first start; each stopped with SIGTERM");
        }
    }

    private static long serve(Launch launch, Map<String, String> aws, SlackStandIn slack, Path dir) {
        int port = Child.freePort();
        Map<String, String> env = new HashMap<>(aws);
        env.putAll(BenchAccounts.slackEnvironment(slack, port));
        try (Child child = Child.start("serve", launch.eksrole(List.of(), "serve"), env, dir)) {
            return child.awaitHealthy(port, DEADLINE);
        }
    }

    private static long bare(Launch launch, SlackStandIn slack, Path dir) {
        int port = Child.freePort();
        try (Child child = Child.start("bare-bolt", launch.bareBolt(List.of()), BenchAccounts.slackEnvironment(slack, port), dir)) {
            return child.awaitHealthy(port, DEADLINE);
        }
    }
}

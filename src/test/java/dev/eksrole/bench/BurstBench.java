package dev.eksrole.bench;

import static dev.eksrole.testing.aws.FakeAws.AWS;

import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.slack.PostedMessage;
import dev.eksrole.testing.slack.SignedSlackRequests;
import dev.eksrole.testing.slack.SlackStandIn;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Items 4 and 5: 50 concurrent {@code /eksrole check prod-eu} over signed HTTP to the bot running as its own process,
 * AWS at 2 s a call; the acks against the bare Bolt app's under the same 50, the last verdict against one check alone,
 * the AWS calls the 50 made; then the resident memory of each process. A fresh process each round: before the 50, one
 * untimed check of another account (the first request a process serves loads its classes) and the timed lone check of
 * a third, so that the 50 find prod-eu's session as a burst in an incident would, not yet made.
 */
final class BurstBench {

    static final int CONCURRENT = 50;
    static final Duration AWS_LATENCY = Duration.ofSeconds(2);
    private static final Duration VERDICT_DEADLINE = Duration.ofMinutes(5);
    private static final String CHANNEL = "C0BENCH001";

    private BurstBench() {
    }

    /** One round against eksrole: the acks and arrival of the 50, the lone check, the calls, the memory after. */
    record BotRound(List<Long> ackNanos, int refused, long lastVerdictNanos, long aloneNanos, int calls, int aloneCalls,
            Map<String, Integer> verdicts, Child.Memory memory) {
    }

    /** One round against the bare Bolt app. */
    record BareRound(List<Long> ackNanos, int refused, Child.Memory memory) {
    }

    static void run(BenchOptions options, Launch launch, Path dir, ResultTable table) {
        try (AwsWorld world = AwsWorld.start(dir); SlackStandIn slack = SlackStandIn.start()) {
            BenchAccounts.populate(world.addTarget("111111111111", "prod-eu", AWS));
            BenchAccounts.populate(world.addTarget("222222222222", "staging", AWS));
            BenchAccounts.populate(world.addTarget("333333333333", "solo", AWS));
            Map<String, String> aws = world.childEnvironment();
            List<BotRound> bot = new ArrayList<>();
            List<BareRound> bare = new ArrayList<>();
            for (int round = 0; round < options.burstRounds(); round++) {
                if (round % 2 == 0) {
                    bare.add(bareRound(launch, slack, dir));
                    bot.add(botRound(launch, world, aws, slack, dir));
                } else {
                    bot.add(botRound(launch, world, aws, slack, dir));
                    bare.add(bareRound(launch, slack, dir));
                }
            }
            report(options, table, bot, bare);
        }
    }

    private static void report(BenchOptions options, ResultTable table, List<BotRound> bot, List<BareRound> bare) {
        Samples ack = Samples.of(bot.stream().flatMap(r -> r.ackNanos().stream()).toList());
        Samples bareAck = Samples.of(bare.stream().flatMap(r -> r.ackNanos().stream()).toList());
        if (options.items().contains(4)) {
            table.add("4 ack of 50 concurrent checks, ms (p50 / p99)", Samples.millis(ack.median()) + " / " + Samples.millis(ack.p99()),
                    "bare Bolt app " + Samples.millis(bareAck.median()) + " / " + Samples.millis(bareAck.p99()),
                    ResultTable.ratio(ack.p99(), bareAck.p99()));
            Samples last = Samples.of(bot.stream().map(BotRound::lastVerdictNanos).toList());
            Samples alone = Samples.of(bot.stream().map(BotRound::aloneNanos).toList());
            table.add("  last of the 50 verdicts posted, ms (median / p95)", last.medianAndP95Millis(),
                    "one check alone " + alone.medianAndP95Millis(), ResultTable.ratio(last.median(), alone.median()));
            Samples calls = Samples.of(bot.stream().map(r -> (long) r.calls()).toList());
            Samples aloneCalls = Samples.of(bot.stream().map(r -> (long) r.aloneCalls()).toList());
            table.add("  AWS calls for the 50 (median)", Long.toString(calls.median()),
                    "one check alone x 50 = " + aloneCalls.median() * CONCURRENT, ResultTable.ratio(calls.median(), aloneCalls.median() * CONCURRENT));
            Map<String, Integer> verdicts = new TreeMap<>();
            bot.forEach(r -> r.verdicts().forEach((v, n) -> verdicts.merge(v, n, Integer::sum)));
            table.note("4: " + options.burstRounds() + " rounds, a fresh process each, AWS at " + AWS_LATENCY.toSeconds() + " s a call; "
                    + ack.count() + " acks each side (" + bot.stream().mapToInt(BotRound::refused).sum() + " eksrole and "
                    + bare.stream().mapToInt(BareRound::refused).sum() + " bare not 200 with their answer); verdicts posted " + verdicts);
        }
        if (options.items().contains(5)) {
            Samples peak = Samples.of(bot.stream().map(r -> r.memory().peakBytes()).toList());
            Samples resident = Samples.of(bot.stream().map(r -> r.memory().residentBytes()).toList());
            Samples barePeak = Samples.of(bare.stream().map(r -> r.memory().peakBytes()).toList());
            Samples bareResident = Samples.of(bare.stream().map(r -> r.memory().residentBytes()).toList());
            table.add("5 memory after item 4, MB: VmHWM / VmRSS (median)", megabytes(peak.median()) + " / " + megabytes(resident.median()),
                    "bare Bolt app " + megabytes(barePeak.median()) + " / " + megabytes(bareResident.median()),
                    ResultTable.ratio(peak.median(), barePeak.median()));
        }
    }

    private static String megabytes(long bytes) {
        return Long.toString(Math.round(bytes / (1024.0 * 1024.0)));
    }

    private static BotRound botRound(Launch launch, AwsWorld world, Map<String, String> aws, SlackStandIn slack, Path dir) {
        int port = Child.freePort();
        Map<String, String> env = new HashMap<>(aws);
        env.putAll(BenchAccounts.slackEnvironment(slack, port));
        try (Child bot = Child.start("bot", launch.eksrole(List.of(), "serve"), env, dir)) {
            bot.awaitHealthy(port, ServeBench.DEADLINE);
            SignedSlackRequests requests = requests(port);
            world.fake().latency(Duration.ZERO);
            checkAlone(requests, slack, "staging", bot);
            world.fake().latency(AWS_LATENCY);
            try {
                world.fake().clearCalls();
                long alone = checkAlone(requests, slack, "solo", bot);
                int aloneCalls = world.fake().calls().size();
                world.fake().clearCalls();
                List<String> responseUrls = new ArrayList<>();
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    String responseUrl = slack.newResponseUrl();
                    responseUrls.add(responseUrl);
                    bodies.add(requests.slashCommandBody("/eksrole", "check prod-eu", user(i), "oncall-" + i, CHANNEL, responseUrl));
                }
                Instant[] sent = new Instant[1];
                Acks acks = fire(requests, bodies, () -> sent[0] = Instant.now());
                Map<String, PostedMessage> verdicts = awaitVerdicts(slack, responseUrls, bot);
                long last = verdicts.values().stream().mapToLong(p -> Duration.between(sent[0], p.at()).toNanos()).max().orElseThrow();
                Map<String, Integer> counts = new TreeMap<>();
                verdicts.values().forEach(p -> counts.merge(verdictOf(p), 1, Integer::sum));
                int calls = world.fake().calls().size();
                return new BotRound(acks.nanos(), acks.refused(), last, alone, calls, aloneCalls, counts, bot.memory());
            } finally {
                world.fake().latency(Duration.ZERO);
            }
        }
    }

    private static BareRound bareRound(Launch launch, SlackStandIn slack, Path dir) {
        int port = Child.freePort();
        try (Child bare = Child.start("bare-bolt", launch.bareBolt(List.of()), BenchAccounts.slackEnvironment(slack, port), dir)) {
            bare.awaitHealthy(port, ServeBench.DEADLINE);
            SignedSlackRequests requests = requests(port);
            // as many requests before the 50 as eksrole gets
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> ack = requests.send(requests.slashCommandBody("/eksrole", "check staging", user(99), "oncall", CHANNEL,
                        slack.newResponseUrl()));
                if (ack.statusCode() != 200) {
                    throw new BenchFailure("the bare Bolt app answered " + ack.statusCode() + "; " + bare.stderrTail());
                }
            }
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                bodies.add(requests.slashCommandBody("/eksrole", "check prod-eu", user(i), "oncall-" + i, CHANNEL, slack.newResponseUrl()));
            }
            Acks acks = fire(requests, bodies, () -> null);
            return new BareRound(acks.nanos(), acks.refused(), bare.memory());
        }
    }

    private static SignedSlackRequests requests(int port) {
        return new SignedSlackRequests(BotWorld.SIGNING_SECRET, URI.create("http://127.0.0.1:" + port + "/slack/events"));
    }

    private static String user(int i) {
        return "U0BENCH%03d".formatted(i);
    }

    /** Sends one check and waits for its verdict; the nanoseconds from sending to the stand-in taking the verdict. */
    private static long checkAlone(SignedSlackRequests requests, SlackStandIn slack, String account, Child bot) {
        String responseUrl = slack.newResponseUrl();
        String body = requests.slashCommandBody("/eksrole", "check " + account, user(98), "oncall", CHANNEL, responseUrl);
        Instant sent = Instant.now();
        HttpResponse<String> ack = requests.send(body);
        if (ack.statusCode() != 200 || !ack.body().contains("Checking")) {
            throw new BenchFailure("the bot answered " + ack.statusCode() + " " + ack.body() + " to check " + account + "; " + bot.stderrTail());
        }
        PostedMessage verdict = awaitVerdicts(slack, List.of(responseUrl), bot).get(responseUrl);
        return Duration.between(sent, verdict.at()).toNanos();
    }

    record Acks(List<Long> nanos, int refused) {
    }

    /** Sends every body at once, one thread each released together; each ack's time from its own send to its answer. */
    private static Acks fire(SignedSlackRequests requests, List<String> bodies, Supplier<Instant> onRelease) {
        CyclicBarrier barrier = new CyclicBarrier(bodies.size(), onRelease::get);
        long[] nanos = new long[bodies.size()];
        boolean[] accepted = new boolean[bodies.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            int n = i;
            threads.add(new Thread(() -> {
                try {
                    barrier.await(60, TimeUnit.SECONDS);
                    long start = System.nanoTime();
                    HttpResponse<String> ack = requests.send(bodies.get(n));
                    nanos[n] = System.nanoTime() - start;
                    accepted[n] = ack.statusCode() == 200 && ack.body().contains("Checking");
                } catch (Exception e) {
                    nanos[n] = -1;
                }
            }, "bench-slack-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.MINUTES.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted", e);
            }
        }
        List<Long> answered = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < nanos.length; i++) {
            if (nanos[i] < 0) {
                throw new BenchFailure("a request of the 50 got no answer");
            }
            answered.add(nanos[i]);
            refused += accepted[i] ? 0 : 1;
        }
        return new Acks(answered, refused);
    }

    /** The first post to each response URL, polled with a deadline. */
    private static Map<String, PostedMessage> awaitVerdicts(SlackStandIn slack, List<String> responseUrls, Child bot) {
        long end = System.nanoTime() + VERDICT_DEADLINE.toNanos();
        while (true) {
            Map<String, PostedMessage> first = new HashMap<>();
            for (PostedMessage post : slack.posts()) {
                if (responseUrls.contains(post.target())) {
                    first.putIfAbsent(post.target(), post);
                }
            }
            if (first.size() == responseUrls.size()) {
                return first;
            }
            if (System.nanoTime() > end) {
                throw new BenchFailure(first.size() + " of " + responseUrls.size() + " verdicts posted within "
                        + VERDICT_DEADLINE.toMinutes() + " min; " + bot.stderrTail());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static String verdictOf(PostedMessage post) {
        String text = post.text() == null ? "" : post.text();
        int colon = text.indexOf(':');
        return colon > 0 ? text.substring(0, colon) : "other";
    }
}

package dev.eksrole.watch;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.MovableClock;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.slack.PostedMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift watch in the running bot, over HTTP, with IAM on the fake, Slack on the stand-in and the H2 file store; the
 * watch's clock is the test's, moved from round to round instead of waiting six hours.
 */
class DriftWatchEndToEndTest {

    private static final String WATCHED = "C0WATCHED1";
    private static final String ASKER = "U0ONCALL01";
    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String ROLE = "NodeInstanceRole";
    private static final Duration EVERY = Duration.ofHours(6);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<AutoCloseable> closing = new ArrayList<>();
    private AwsWorld aws;
    private FakeAccount prod;
    private String ecr;

    @BeforeEach
    void start() {
        aws = AwsWorld.start(dir);
        prod = aws.addTarget("111111111111", "prod-eu", AWS);
        prod.addRole(ROLE);
        prod.attach(ROLE, awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        ecr = awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly");
        prod.attach(ROLE, ecr);
        prod.addInstanceProfile(ROLE, "/", ROLE);
        aws.config("approvers: {users: [" + APPROVER + "]}");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        aws.close();
    }

    /** The real modules, with the watch looking every 50 ms on the test's clock. */
    private Module watchTiming() {
        return binder -> binder.bind(WatchTiming.class).toInstance(
                new WatchTiming(Duration.ofMillis(50), Duration.ofMinutes(2), Duration.ofMinutes(5), clock));
    }

    private BotWorld bot() throws Exception {
        BotWorld world = BotWorld.http(aws, watchTiming());
        closing.add(0, world);
        return world;
    }

    private static DriftWatch watch(BotWorld world) {
        return world.injector().getInstance(DriftWatch.class);
    }

    /** Waits for the round that starts at the clock's time now to be recorded. */
    private static WatchRound awaitRound(BotWorld world, Instant at) {
        Awaitility.await().atMost(WAIT).until(() -> {
            WatchRound last = watch(world).state().lastRound();
            return last != null && last.startedAt().equals(at);
        });
        return watch(world).state().lastRound();
    }

    /** Waits until the watch has looked twice more, so whatever it would do now it has done. */
    private static void awaitTwoLooks(BotWorld world) {
        long looks = watch(world).looks();
        Awaitility.await().atMost(WAIT).until(() -> watch(world).looks() >= looks + 2);
    }

    private List<PostedMessage> watchPosts(BotWorld world) {
        return world.slack().posts(PostedMessage.POST_MESSAGE).stream().filter(p -> p.target().equals(WATCHED)).toList();
    }

    /** The watch's checks, told apart from others by their CloudTrail session. */
    private long watchScans() {
        return aws.fake().calls("ListRoles").size();
    }

    private HttpResponse<String> watchCommand(BotWorld world) {
        return world.requests().send(world.command("watch", ASKER, "C0ELSEWHERE"));
    }

    @Test
    void postsARegressionOnceWithItsFixButtonThenTheRecoveryAndKeepsItsScheduleOverARestart() throws Exception {
        aws.config("watch: {every: 6h, channel: " + WATCHED + "}");
        BotWorld first = bot();
        Instant t0 = clock.instant();

        // the first round is the baseline: a healthy account is recorded, not posted
        WatchRound baseline = awaitRound(first, t0);
        assertThat(baseline.accounts()).isEqualTo(1);
        assertThat(baseline.changes()).isEmpty();
        assertThat(watchPosts(first)).isEmpty();
        assertThat(aws.fake().calls("AssumeRole")).extracting(c -> c.parameter("RoleSessionName")).containsOnly("eksrole-watch");
        assertThat(watch(first).state().nextRoundAt()).isEqualTo(t0.plus(EVERY));

        // nothing is due before six hours
        clock.advance(Duration.ofHours(5));
        awaitTwoLooks(first);
        assertThat(watchScans()).isEqualTo(1);

        // an unchanged round posts nothing
        clock.set(t0.plus(EVERY));
        assertThat(awaitRound(first, t0.plus(EVERY)).changes()).isEmpty();
        assertThat(watchScans()).isEqualTo(2);
        assertThat(watchPosts(first)).isEmpty();

        // someone detaches the ECR policy: the next round posts the regression, with its Fix button
        prod.detach(ROLE, ecr);
        clock.set(t0.plus(EVERY.multipliedBy(2)));
        assertThat(awaitRound(first, t0.plus(EVERY.multipliedBy(2))).changes())
                .containsExactly("prod-eu (111111111111): OK → NEEDS_FIX (1 new finding)");
        PostedMessage regression = watchPosts(first).get(0);
        assertThat(watchPosts(first)).hasSize(1);
        assertThat(regression.text()).isEqualTo("Drift watch: prod-eu (111111111111) is NEEDS_FIX (was OK)");
        assertThat(regression.blocks().get(0).toString()).contains("prod-eu (111111111111) went from OK to NEEDS_FIX")
                .contains("MISSING_POLICY AmazonEC2ContainerRegistryReadOnly on role NodeInstanceRole");
        String planId = regression.buttonValue("Fix… attach AmazonEC2ContainerRegistryReadOnly");

        // the same regression is not posted again
        clock.set(t0.plus(EVERY.multipliedBy(3)));
        assertThat(awaitRound(first, t0.plus(EVERY.multipliedBy(3))).changes()).isEmpty();
        assertThat(watchPosts(first)).hasSize(1);

        // the Fix button goes through the normal approval
        var fix = first.requests().blockActionPayload("fix:" + planId, planId, REQUESTER, WATCHED, regression.ts(),
                first.slack().newResponseUrl());
        assertThat(first.requests().send(first.requests().blockActionsBody(fix)).statusCode()).isEqualTo(200);
        PostedMessage request = first.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE)
                && p.blocks().toString().contains("\"approve:"), WAIT);
        assertThat(request.blocks().toString()).contains("iam:AttachRolePolicy RoleName=NodeInstanceRole PolicyArn=" + ecr)
                .contains("Requested by <@" + REQUESTER + ">");
        String approvalId = request.blocks().toString().replaceAll("(?s).*\"approve:([^\"]+)\".*", "$1");
        var approve = first.requests().blockActionPayload("approve:" + approvalId, approvalId, APPROVER, WATCHED, request.ts(),
                first.slack().newResponseUrl());
        first.requests().send(first.requests().blockActionsBody(approve));
        Awaitility.await().atMost(WAIT).until(() -> prod.role(ROLE).attachedPolicyArns().contains(ecr));

        // the next round posts the recovery, without buttons
        clock.set(t0.plus(EVERY.multipliedBy(4)));
        assertThat(awaitRound(first, t0.plus(EVERY.multipliedBy(4))).changes())
                .containsExactly("prod-eu (111111111111): NEEDS_FIX → OK");
        PostedMessage recovery = watchPosts(first).get(watchPosts(first).size() - 1);
        assertThat(recovery.text()).isEqualTo("Drift watch: prod-eu (111111111111) is OK (was NEEDS_FIX)");
        assertThat(recovery.blocks().toString()).contains("is OK again (was NEEDS_FIX)").doesNotContain("\"fix:");

        // /eksrole watch: the schedule, the last round and the next
        String status = watchCommand(first).body();
        assertThat(status).contains("every 6 hours").contains("\\u003c#" + WATCHED + "\\u003e").contains("1 account: prod-eu")
                .contains("1 change posted").contains("NEEDS_FIX → OK").contains("*Next round:*").contains("(in 6 hours)");

        // a restart keeps the schedule: the next round is read from the store, not started at once
        long scans = watchScans();
        int posts = watchPosts(first).size();
        first.stopBot();
        closing.remove(first);
        BotWorld restarted = first.another();
        closing.add(0, restarted);
        clock.set(t0.plus(EVERY.multipliedBy(4)).plus(Duration.ofHours(1)));
        awaitTwoLooks(restarted);
        assertThat(watchScans()).isEqualTo(scans);
        assertThat(watch(restarted).state().nextRoundAt()).isEqualTo(t0.plus(EVERY.multipliedBy(5)));

        // and the last state: an unchanged account after the restart posts nothing
        clock.set(t0.plus(EVERY.multipliedBy(5)));
        assertThat(awaitRound(restarted, t0.plus(EVERY.multipliedBy(5))).changes()).isEmpty();
        assertThat(watchScans()).isEqualTo(scans + 1);
        assertThat(watchPosts(restarted)).hasSize(posts);
    }

    @Test
    void aFirstRoundPostsOnlyTheAccountsThatAreNotOk() throws Exception {
        FakeAccount staging = aws.addTarget("222222222222", "staging", AWS);
        aws.config("watch: {every: 6h, channel: " + WATCHED + "}");
        BotWorld world = bot();

        WatchRound baseline = awaitRound(world, clock.instant());

        assertThat(baseline.accounts()).isEqualTo(2);
        assertThat(baseline.changes()).containsExactly("staging (222222222222): first seen → NEEDS_FIX (1 new finding)");
        assertThat(watchPosts(world)).singleElement().satisfies(post -> {
            assertThat(post.blocks().get(0).toString()).contains("first look at staging (222222222222): NEEDS_FIX");
            assertThat(post.buttonValue("Fix… create NodeInstanceRole")).isNotBlank();
        });
        assertThat(staging.roles()).hasSize(1);
    }

    @Test
    void aChangeSlackDidNotTakeIsPostedAgainByTheNextRound() throws Exception {
        aws.config("watch: {every: 6h, channel: " + WATCHED + "}");
        BotWorld world = bot();
        Instant t0 = clock.instant();
        awaitRound(world, t0);

        prod.detach(ROLE, ecr);
        world.slack().failNext("chat.postMessage", "channel_not_found", 1);
        clock.set(t0.plus(EVERY));
        assertThat(awaitRound(world, t0.plus(EVERY)).changes()).isEmpty();
        assertThat(watchPosts(world)).isEmpty();

        clock.set(t0.plus(EVERY.multipliedBy(2)));
        assertThat(awaitRound(world, t0.plus(EVERY.multipliedBy(2))).changes())
                .containsExactly("prod-eu (111111111111): OK → NEEDS_FIX (1 new finding)");
        assertThat(watchPosts(world)).singleElement().satisfies(p -> assertThat(p.text()).contains("is NEEDS_FIX (was OK)"));
    }

    @Test
    void withoutAWatchSectionNothingRunsAndTheCommandSaysHowToTurnItOn() throws Exception {
        BotWorld world = bot();

        String answer = watchCommand(world).body();

        assertThat(answer).contains("The drift watch is off").contains("watch: {every: 6h, channel: C0123456789}");
        assertThat(watch(world).looks()).isZero();
        assertThat(aws.fake().calls("ListRoles")).isEmpty();
    }
}

package dev.eksrole.slack;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import dev.eksrole.fix.ApplyHeartbeat;
import dev.eksrole.store.AuditEntry;
import dev.eksrole.store.AuditLog;
import dev.eksrole.store.PlanRecord;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.ChildProcess;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.RecordedCall;
import dev.eksrole.testing.slack.PostedMessage;
import dev.eksrole.testing.slack.SignedSlackRequests;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fix whose bot dies mid-apply, and one that is only slow, with two more replicas on one PostgreSQL looking for
 * interrupted fixes all the while: the dead bot's fix becomes resumable once its heartbeat has been silent for the
 * bound, announced once; the slow one is never taken for dead and finishes.
 */
class InterruptedFixEndToEndTest {

    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String CHANNEL = "C0PLATFORM";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STOPPED = "stopped while applying";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    private String database;
    private AwsWorld aws;
    private FakeAccount prod;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    /** The replicas of each test share a database of their own on the one server. */
    @BeforeEach
    void start() throws Exception {
        database = "interrupted_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        aws = AwsWorld.start(dir);
        prod = aws.addTarget("111111111111", "prod-eu", AWS);
        aws.config("approvers: {users: [" + APPROVER + "]}");
        aws.config("store: {jdbcUrl: \"" + postgres.getJdbcUrl("postgres", database) + "\", username: postgres}");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        aws.close();
    }

    /** The real modules with shorter timings, as every replica of one deployment would share them. */
    private static Module timing(Duration every, Duration staleAfter, Duration recoveryEvery) {
        return binder -> binder.bind(ApplyHeartbeat.Timing.class).toInstance(new ApplyHeartbeat.Timing(every, staleAfter, recoveryEvery));
    }

    /** Two bot instances sharing the store, both looking for interrupted fixes. */
    private BotWorld[] twoReplicas(Module timing) throws Exception {
        BotWorld first = BotWorld.http(aws, timing);
        closing.add(0, first);
        BotWorld second = first.another();
        closing.add(0, second);
        return new BotWorld[] {first, second};
    }

    @Test
    void aFixWhoseBotIsKilledMidApplyBecomesResumableOnTheRunningReplicasAndIsAnnouncedOnce() throws Exception {
        // the survivors take 8 s of silence for a stopped bot: more than the 5 s between the real bot's beats
        BotWorld[] survivors = twoReplicas(timing(Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofMillis(250)));
        BotWorld first = survivors[0];
        int port = freePort();
        Map<String, String> env = new HashMap<>(aws.childEnvironment());
        env.putAll(BotWorld.environment(first.slack(), false));
        env.put("PORT", String.valueOf(port));
        ChildProcess doomed = ChildProcess.start(dir, env, "serve");
        closing.add(0, doomed);
        doomed.awaitHealthy(port);
        SignedSlackRequests toDoomed = new SignedSlackRequests(BotWorld.SIGNING_SECRET,
                URI.create("http://127.0.0.1:" + port + SlackHttpServer.EVENTS_PATH));
        PostedMessage request = requestFix(first, check(first), "Fix… create NodeInstanceRole");
        String id = approvalId(request);
        // the new role stays invisible to IAM for a minute: the bot that approves waits for it in the middle of the apply
        aws.fake().eventualConsistency(Duration.ofSeconds(60));

        var approve = toDoomed.blockActionPayload("approve:" + id, id, APPROVER, CHANNEL, request.ts(), first.slack().newResponseUrl());
        assertThat(toDoomed.send(toDoomed.blockActionsBody(approve)).statusCode()).isEqualTo(200);
        Awaitility.await().atMost(WAIT).until(() -> aws.fake().calls("AttachRolePolicy").stream()
                .anyMatch(c -> "NoSuchEntity".equals(c.errorCode())));
        Awaitility.await("a heartbeat of the real bot after its approval").atMost(WAIT).until(() -> beatSinceApproval(id));
        doomed.close();
        // IAM catches up: a minute on by the fake's clock, the role is visible
        aws.fake().eventualConsistency(Duration.ZERO).clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(61)));

        PostedMessage note = awaitUpdate(first, request, STOPPED);

        assertThat(note.blocks().toString()).contains("\"resume:" + id).doesNotContain("\"approve:");
        PlanStore store = first.injector().getInstance(PlanStore.class);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(PlanStatus.FAILED);
        click(survivors[1], "resume", id, request.ts());
        awaitUpdate(first, request, "Applied");
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).hasSize(2);
        assertThat(aws.fake().calls("CreateRole")).as("the role the killed bot made is not made again").hasSize(1);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(PlanStatus.APPLIED);
        // both replicas looked many times while the fix was resumed and applied: still one note, one audit entry
        assertThat(first.slack().posts(PostedMessage.UPDATE)).filteredOn(p -> request.ts().equals(p.ts()) && p.containsText(STOPPED))
                .hasSize(1);
        assertThat(audit(first)).filteredOn(e -> e.action().equals("interrupted")).singleElement()
                .satisfies(e -> assertThat(e.planId()).isEqualTo(id));
    }

    @Test
    void twoReplicasLookingAtTheSameMomentMakeEachSilentFixResumableOnce() throws Exception {
        // they look only at start and when told to, so that both look at once
        BotWorld[] replicas = twoReplicas(timing(Duration.ofSeconds(5), Duration.ofSeconds(45), Duration.ofHours(1)));
        BotWorld first = replicas[0];
        PostedMessage request = requestFix(first, check(first), "Fix… create NodeInstanceRole");
        PlanStore store = first.injector().getInstance(PlanStore.class);
        PlanRecord pending = store.find(approvalId(request)).orElseThrow();
        // ten fixes approved a minute ago by a bot whose heartbeat stopped with its approval
        Instant minuteAgo = Instant.now().minusSeconds(60);
        List<String> silent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "silent-" + i;
            store.insert(new PlanRecord(id, pending.accountId(), pending.kind(), pending.roleName(), pending.planJson(), PlanStatus.PENDING,
                    REQUESTER, minuteAgo, pending.expiresAt(), null, null, CHANNEL, request.ts(), null));
            assertThat(store.approve(id, APPROVER, "apply-of-a-dead-bot-" + i, minuteAgo)).isTrue();
            silent.add(id);
        }

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> looks = new ArrayList<>();
        for (BotWorld replica : replicas) {
            FixPresenter fixes = replica.injector().getInstance(FixPresenter.class);
            looks.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(go);
                return fixes.recoverInterrupted();
            }));
        }
        go.countDown();

        int recovered = 0;
        for (CompletableFuture<Integer> look : looks) {
            recovered += look.get(60, TimeUnit.SECONDS);
        }
        assertThat(recovered).isEqualTo(silent.size());
        for (String id : silent) {
            assertThat(store.find(id).orElseThrow().status()).as(id).isEqualTo(PlanStatus.FAILED);
            assertThat(first.slack().posts(PostedMessage.UPDATE)).as(id)
                    .filteredOn(p -> p.containsText(STOPPED) && p.blocks().toString().contains("\"resume:" + id + "\"")).hasSize(1);
        }
        assertThat(audit(first)).filteredOn(e -> e.action().equals("interrupted")).extracting(AuditEntry::planId)
                .containsExactlyInAnyOrderElementsOf(silent);
        assertThat(store.find(pending.id()).orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFixSlowerThanTheBoundIsNeverTakenForInterruptedAndFinishes() throws Exception {
        Duration bound = Duration.ofSeconds(3);
        BotWorld[] replicas = twoReplicas(timing(Duration.ofMillis(250), bound, Duration.ofMillis(250)));
        BotWorld first = replicas[0];
        PostedMessage request = requestFix(first, check(first), "Fix… create NodeInstanceRole");
        String id = approvalId(request);
        // the new role stays invisible for more than twice the bound: the writer waits it out, retrying
        aws.fake().eventualConsistency(bound.multipliedBy(2).plusSeconds(1));

        click(first, "approve", id, request.ts());

        awaitUpdate(first, request, "Applied");
        List<RecordedCall> attaches = aws.fake().calls("AttachRolePolicy");
        assertThat(attaches).anyMatch(c -> "NoSuchEntity".equals(c.errorCode()));
        RecordedCall created = aws.fake().calls("CreateRole").get(0);
        RecordedCall lastAttach = attaches.get(attaches.size() - 1);
        assertThat(Duration.between(created.at(), lastAttach.at())).as("the apply outlasted the bound").isGreaterThan(bound.multipliedBy(2));
        assertThat(lastAttach.succeeded()).isTrue();
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).hasSize(2);
        assertThat(first.injector().getInstance(PlanStore.class).find(id).orElseThrow().status()).isEqualTo(PlanStatus.APPLIED);
        assertThat(first.slack().posts(PostedMessage.UPDATE)).noneMatch(p -> p.containsText(STOPPED));
        assertThat(audit(first)).noneMatch(e -> e.action().equals("interrupted"));
    }

    @Test
    void aBotStoppedMidApplyBeatsWhileItLetsTheFixFinish() throws Exception {
        Duration bound = Duration.ofSeconds(3);
        BotWorld[] replicas = twoReplicas(timing(Duration.ofMillis(250), bound, Duration.ofMillis(250)));
        BotWorld stopping = replicas[0];
        PostedMessage request = requestFix(stopping, check(stopping), "Fix… create NodeInstanceRole");
        String id = approvalId(request);
        aws.fake().eventualConsistency(bound.multipliedBy(2).plusSeconds(1));
        click(stopping, "approve", id, request.ts());
        Awaitility.await().atMost(WAIT).until(() -> aws.fake().calls("AttachRolePolicy").stream()
                .anyMatch(c -> "NoSuchEntity".equals(c.errorCode())));

        // as on SIGTERM: no more requests, running fixes finish first (up to 25 s), then the store closes
        closing.remove(stopping);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::stopBot);

        awaitUpdate(replicas[1], request, "Applied");
        stopped.get(60, TimeUnit.SECONDS);
        assertThat(prod.role("NodeInstanceRole").attachedPolicyArns()).hasSize(2);
        assertThat(replicas[1].injector().getInstance(PlanStore.class).find(id).orElseThrow().status()).isEqualTo(PlanStatus.APPLIED);
        assertThat(replicas[1].slack().posts(PostedMessage.UPDATE)).noneMatch(p -> p.containsText(STOPPED));
        assertThat(audit(replicas[1])).noneMatch(e -> e.action().equals("interrupted"));
    }

    // ---- driving Slack as a person would ----

    private PostedMessage check(BotWorld world) {
        String command = world.command("check prod-eu", REQUESTER, CHANNEL);
        String responseUrl = BotWorld.formValue(command, "response_url");
        assertThat(world.requests().send(command).statusCode()).isEqualTo(200);
        return world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);
    }

    private PostedMessage requestFix(BotWorld world, PostedMessage verdict, String label) {
        String planId = verdict.buttonValue(label);
        assertThat(click(world, "fix", planId, REQUESTER, "1700000000.000001").statusCode()).isEqualTo(200);
        return world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE) && p.blocks().toString().contains("\"approve:"),
                WAIT);
    }

    private HttpResponse<String> click(BotWorld world, String action, String planId, String messageTs) {
        return click(world, action, planId, APPROVER, messageTs);
    }

    private HttpResponse<String> click(BotWorld world, String action, String planId, String user, String messageTs) {
        var payload = world.requests().blockActionPayload(action + ":" + planId, planId, user, CHANNEL, messageTs,
                world.slack().newResponseUrl());
        return world.requests().send(world.requests().blockActionsBody(payload));
    }

    private static PostedMessage awaitUpdate(BotWorld world, PostedMessage request, String text) {
        return world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && request.ts().equals(p.ts()) && p.containsText(text),
                WAIT);
    }

    private static String approvalId(PostedMessage message) {
        String blocks = message.blocks().toString();
        int at = blocks.indexOf("\"approve:");
        return blocks.substring(at + 9, blocks.indexOf('"', at + 9));
    }

    private List<AuditEntry> audit(BotWorld world) {
        return world.injector().getInstance(AuditLog.class).recent("111111111111", 200);
    }

    /** Whether the plan's heartbeat has moved on since it was approved, read straight from the shared database. */
    private boolean beatSinceApproval(String id) throws Exception {
        try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT heartbeat_at > decided_at FROM plan WHERE id = ? AND status = 'APPLYING'")) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

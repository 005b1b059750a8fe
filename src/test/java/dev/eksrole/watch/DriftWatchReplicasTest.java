package dev.eksrole.watch;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import dev.eksrole.store.SharedPostgres;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.MovableClock;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.slack.PostedMessage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bot replicas on one PostgreSQL, both looking for due rounds on the same (test) clock: each round is run by exactly
 * one of them, counted in the fake's log of IAM reads, and a lease left by a replica that died is taken over only once
 * it has expired.
 */
@ExtendWith(SharedPostgres.class)
class DriftWatchReplicasTest {

    private static final String WATCHED = "C0WATCHED1";
    private static final String ROLE = "NodeInstanceRole";
    private static final Duration EVERY = Duration.ofHours(6);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<AutoCloseable> closing = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private String database;
    private AwsWorld aws;
    private FakeAccount prod;
    private BotWorld[] replicas;

    @BeforeEach
    void start(EmbeddedPostgres server) throws Exception {
        postgres = server;
        database = "watch_replicas_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        aws = AwsWorld.start(dir);
        prod = aws.addTarget("111111111111", "prod-eu", AWS);
        prod.addRole(ROLE);
        prod.attach(ROLE, awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
        prod.attach(ROLE, awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
        prod.addInstanceProfile(ROLE, "/", ROLE);
        aws.config("store: {jdbcUrl: \"" + postgres.getJdbcUrl("postgres", database) + "\", username: postgres}");
        aws.config("watch: {every: 6h, channel: " + WATCHED + "}");
        Module timing = binder -> binder.bind(WatchTiming.class).toInstance(
                new WatchTiming(Duration.ofMillis(20), LEASE, Duration.ofMinutes(5), clock));
        BotWorld first = BotWorld.http(aws, timing);
        closing.add(0, first);
        BotWorld second = first.another();
        closing.add(0, second);
        replicas = new BotWorld[] {first, second};
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        aws.close();
    }

    private DriftWatch watch(int replica) {
        return replicas[replica].injector().getInstance(DriftWatch.class);
    }

    /** One scan of the one account reads ListRoles once. */
    private long scans() {
        return aws.fake().calls("ListRoles").size();
    }

    private void awaitRound(Instant at) {
        Awaitility.await().atMost(WAIT).until(() -> {
            WatchRound last = watch(0).state().lastRound();
            return last != null && last.startedAt().equals(at);
        });
    }

    /** Both replicas have looked twice more since now: a round either could start, one has. */
    private void awaitBothLooked() {
        long first = watch(0).looks();
        long second = watch(1).looks();
        Awaitility.await().atMost(WAIT).until(() -> watch(0).looks() >= first + 2 && watch(1).looks() >= second + 2);
    }

    private List<PostedMessage> watchPosts() {
        return replicas[0].slack().posts(PostedMessage.POST_MESSAGE).stream().filter(p -> p.target().equals(WATCHED)).toList();
    }

    @Test
    void eachRoundIsRunByExactlyOneReplica() {
        Instant t0 = clock.instant();
        awaitRound(t0);
        awaitBothLooked();
        assertThat(scans()).isEqualTo(1);

        for (int round = 1; round <= 4; round++) {
            if (round == 2) {
                prod.detach(ROLE, awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
            }
            clock.set(t0.plus(EVERY.multipliedBy(round)));
            awaitRound(t0.plus(EVERY.multipliedBy(round)));
            awaitBothLooked();
            assertThat(scans()).as("scans after round %d", round).isEqualTo(round + 1);
        }
        // the regression of round 2 was posted by one replica, once
        assertThat(watchPosts()).singleElement().satisfies(p -> assertThat(p.text()).contains("is NEEDS_FIX (was OK)"));
        assertThat(watch(1).state().nextRoundAt()).isEqualTo(t0.plus(EVERY.multipliedBy(5)));
    }

    @Test
    void aLeaseLeftByADeadReplicaIsTakenOverOnlyOnceItHasExpired() throws Exception {
        Instant t0 = clock.instant();
        awaitRound(t0);
        Instant due = t0.plus(EVERY);
        // what a replica killed as it claimed the next round leaves behind: the lease, renewed no more
        try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
                PreparedStatement claim = connection.prepareStatement(
                        "UPDATE watch_state SET holder = 'killed-replica', lease_expires_at = ? WHERE id = 'drift'")) {
            claim.setObject(1, OffsetDateTime.ofInstant(due.plus(LEASE), ZoneOffset.UTC));
            assertThat(claim.executeUpdate()).isEqualTo(1);
        }

        clock.set(due);
        awaitBothLooked();
        clock.set(due.plus(LEASE).minusSeconds(1));
        awaitBothLooked();
        assertThat(scans()).as("no round while the dead replica's lease lasts").isEqualTo(1);
        assertThat(watch(0).state().holder()).isEqualTo("killed-replica");

        Instant expired = due.plus(LEASE).plusSeconds(1);
        clock.set(expired);
        awaitRound(expired);
        awaitBothLooked();
        assertThat(scans()).isEqualTo(2);
        assertThat(watch(0).state().holder()).isNull();
        assertThat(watch(0).state().nextRoundAt()).isEqualTo(expired.plus(EVERY));
    }
}

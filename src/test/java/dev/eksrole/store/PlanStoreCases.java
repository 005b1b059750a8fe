package dev.eksrole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PlanStore} over a real database must do; each database runs these in a subclass. */
abstract class PlanStoreCases {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00.250Z");
    static final Instant LATER = NOW.plus(Duration.ofHours(1));
    /** The apply of one bot, as approve and resume record it. */
    static final String HOLDER = "7d1c0f9e-apply-1";

    private PlanStore store;

    abstract StoreDatabase database();

    @BeforeEach
    void emptyStore() throws Exception {
        TestDatabases.emptyTables(database());
        store = new JdbcPlanStore(database().dataSource());
    }

    static PlanRecord plan(String id, PlanStatus status, Instant expiresAt) {
        return new PlanRecord(id, "111122223333", "node-role", "eks-node-role", "{\"steps\":[]}", status, "U-ALICE",
                NOW.minus(Duration.ofMinutes(5)), expiresAt, null, null, null, null, null);
    }

    @Test
    void countsThePlansInAStatus() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        store.insert(plan("p-2", PlanStatus.PENDING, LATER));
        store.insert(plan("p-3", PlanStatus.OFFERED, LATER));

        assertThat(store.count(PlanStatus.PENDING)).isEqualTo(2);
        assertThat(store.count(PlanStatus.OFFERED)).isEqualTo(1);
        assertThat(store.count(PlanStatus.APPLIED)).isZero();
    }

    @Test
    void readsBackEveryFieldOfAPlan() {
        PlanRecord plan = new PlanRecord("p-1", "111122223333", "node-role", "eks-node-role",
                "{\"steps\":[{\"attach\":\"AmazonEKSWorkerNodePolicy\"}]}", PlanStatus.FAILED, "U-ALICE",
                Instant.parse("2025-06-01T11:00:00.001Z"), Instant.parse("2025-06-01T13:00:00.999Z"), "U-BOB",
                Instant.parse("2025-06-01T11:30:00.500Z"), "C-OPS", "1717243200.000100", "{\"done\":1,\"failed\":1}");

        store.insert(plan);

        assertThat(store.find("p-1")).contains(plan);
    }

    @Test
    void readsBackMissingOptionalFieldsAsNull() {
        PlanRecord plan = new PlanRecord("p-1", "111122223333", "account", null, "{}", PlanStatus.OFFERED, "U-ALICE",
                NOW, LATER, null, null, null, null, null);

        store.insert(plan);

        assertThat(store.find("p-1")).contains(plan);
    }

    @Test
    void keepsInstantsToTheMillisecondCuttingFinerParts() {
        Instant created = Instant.parse("2025-06-01T11:00:00.123999999Z");
        store.insert(new PlanRecord("p-1", "111122223333", "node-role", null, "{}", PlanStatus.PENDING, "U-ALICE",
                created, Instant.parse("2025-06-01T13:00:00.000500Z"), null, null, null, null, null));

        PlanRecord read = store.find("p-1").orElseThrow();

        assertThat(read.createdAt()).isEqualTo(Instant.parse("2025-06-01T11:00:00.123Z"));
        assertThat(read.expiresAt()).isEqualTo(Instant.parse("2025-06-01T13:00:00Z"));
    }

    @Test
    void keepsLongPlanJsonIntact() {
        String json = "{\"note\":\"" + "Ünïcødé ✓ ".repeat(30_000) + "\"}";
        store.insert(new PlanRecord("p-1", "111122223333", "node-role", null, json, PlanStatus.OFFERED, "U-ALICE",
                NOW, LATER, null, null, null, null, json));

        PlanRecord read = store.find("p-1").orElseThrow();

        assertThat(read.planJson()).isEqualTo(json);
        assertThat(read.resultJson()).isEqualTo(json);
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void refusesASecondPlanWithTheSameId() {
        store.insert(plan("p-1", PlanStatus.OFFERED, LATER));

        assertThatThrownBy(() -> store.insert(plan("p-1", PlanStatus.PENDING, LATER)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot insert plan p-1: ");
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.OFFERED);
    }

    @Test
    void requestTurnsAnOfferedPlanIntoAPendingOneForThePersonWhoPressedFix() {
        store.insert(plan("p-1", PlanStatus.OFFERED, NOW.plusSeconds(60)));
        Instant newExpiry = NOW.plus(Duration.ofHours(24));

        assertThat(store.request("p-1", "U-CAROL", NOW, newExpiry)).isTrue();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.PENDING);
        assertThat(read.requestedBy()).isEqualTo("U-CAROL");
        assertThat(read.expiresAt()).isEqualTo(newExpiry);
        assertThat(read.decidedBy()).isNull();
        assertThat(read.decidedAt()).isNull();
    }

    @Test
    void requestRefusesAPlanThatIsNoLongerOffered() {
        for (PlanStatus status : EnumSet.complementOf(EnumSet.of(PlanStatus.OFFERED))) {
            String id = "p-" + status;
            store.insert(plan(id, status, LATER));

            assertThat(store.request(id, "U-CAROL", NOW, LATER.plusSeconds(60))).as(status.name()).isFalse();
            assertThat(store.find(id).orElseThrow()).isEqualTo(plan(id, status, LATER));
        }
    }

    @Test
    void requestRefusesAnOfferedPlanOnceItHasExpired() {
        store.insert(plan("p-at", PlanStatus.OFFERED, NOW));
        store.insert(plan("p-before", PlanStatus.OFFERED, NOW.minusMillis(1)));

        assertThat(store.request("p-at", "U-CAROL", NOW, LATER)).isFalse();
        assertThat(store.request("p-before", "U-CAROL", NOW, LATER)).isFalse();
        assertThat(store.find("p-at").orElseThrow().status()).isEqualTo(PlanStatus.OFFERED);
    }

    @Test
    void requestFailsForAnUnknownPlan() {
        assertThat(store.request("nope", "U-CAROL", NOW, LATER)).isFalse();
    }

    @Test
    void approveStartsApplyingAPendingPlanAndRecordsTheApprover() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));

        assertThat(store.approve("p-1", "U-BOB", HOLDER, NOW)).isTrue();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.APPLYING);
        assertThat(read.decidedBy()).isEqualTo("U-BOB");
        assertThat(read.decidedAt()).isEqualTo(NOW);
        assertThat(read.requestedBy()).isEqualTo("U-ALICE");
    }

    @Test
    void approveSucceedsOnlyOnce() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));

        assertThat(store.approve("p-1", "U-BOB", HOLDER, NOW)).isTrue();
        assertThat(store.approve("p-1", "U-DAVE", "h-dave", NOW.plusSeconds(1))).isFalse();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.decidedBy()).isEqualTo("U-BOB");
        assertThat(read.decidedAt()).isEqualTo(NOW);
    }

    @Test
    void approveRefusesAPlanThatIsNotPending() {
        for (PlanStatus status : EnumSet.complementOf(EnumSet.of(PlanStatus.PENDING))) {
            String id = "p-" + status;
            store.insert(plan(id, status, LATER));

            assertThat(store.approve(id, "U-BOB", HOLDER, NOW)).as(status.name()).isFalse();
            assertThat(store.find(id).orElseThrow()).isEqualTo(plan(id, status, LATER));
        }
    }

    @Test
    void approveRefusesAPendingPlanFromTheMomentItExpires() {
        store.insert(plan("p-at", PlanStatus.PENDING, NOW));
        store.insert(plan("p-after", PlanStatus.PENDING, NOW.minusSeconds(1)));
        store.insert(plan("p-just-before", PlanStatus.PENDING, NOW.plusMillis(1)));

        assertThat(store.approve("p-at", "U-BOB", HOLDER, NOW)).isFalse();
        assertThat(store.approve("p-after", "U-BOB", HOLDER, NOW)).isFalse();
        assertThat(store.approve("p-just-before", "U-BOB", HOLDER, NOW)).isTrue();
        assertThat(store.find("p-at").orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
    }

    @Test
    void approveFailsForAnUnknownPlan() {
        assertThat(store.approve("nope", "U-BOB", HOLDER, NOW)).isFalse();
    }

    @Test
    void approvesExactlyOnceWhenFiftyApproversClickAtOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = "p-" + round;
            store.insert(plan(id, PlanStatus.PENDING, LATER));

            int winners = Contention.winners(50, approver -> store.approve(id, "U-" + approver, "h-" + approver, NOW));

            assertThat(winners).as("round %d", round).isEqualTo(1);
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(PlanStatus.APPLYING);
        }
    }

    @Test
    void resumeRestartsAFailedPlanEvenAfterItsExpiry() {
        store.insert(plan("p-1", PlanStatus.FAILED, NOW.minusSeconds(3600)));

        assertThat(store.resume("p-1", "U-BOB", HOLDER, NOW)).isTrue();
        assertThat(store.resume("p-1", "U-DAVE", "h-dave", NOW)).isFalse();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.APPLYING);
        assertThat(read.decidedBy()).isEqualTo("U-BOB");
        assertThat(read.decidedAt()).isEqualTo(NOW);
    }

    @Test
    void resumeRefusesAPlanThatHasNotFailed() {
        for (PlanStatus status : EnumSet.complementOf(EnumSet.of(PlanStatus.FAILED))) {
            String id = "p-" + status;
            store.insert(plan(id, status, LATER));

            assertThat(store.resume(id, "U-BOB", HOLDER, NOW)).as(status.name()).isFalse();
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(status);
        }
    }

    @Test
    void transitionChangesTheStatusOnlyFromTheExpectedOne() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));

        assertThat(store.transition("p-1", PlanStatus.PENDING, PlanStatus.REJECTED, "U-BOB", NOW)).isTrue();
        assertThat(store.transition("p-1", PlanStatus.PENDING, PlanStatus.SUPERSEDED, "U-DAVE", NOW)).isFalse();
        assertThat(store.approve("p-1", "U-DAVE", "h-dave", NOW)).isFalse();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.REJECTED);
        assertThat(read.decidedBy()).isEqualTo("U-BOB");
        assertThat(read.decidedAt()).isEqualTo(NOW);
    }

    @Test
    void transitionWithoutAnActorKeepsWhoDecided() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        store.approve("p-1", "U-BOB", HOLDER, NOW);

        assertThat(store.transition("p-1", PlanStatus.APPLYING, PlanStatus.APPLIED, null, NOW.plusSeconds(30))).isTrue();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.APPLIED);
        assertThat(read.decidedBy()).isEqualTo("U-BOB");
        assertThat(read.decidedAt()).isEqualTo(NOW);
    }

    @Test
    void transitionIgnoresExpiry() {
        store.insert(plan("p-1", PlanStatus.PENDING, NOW.minusSeconds(60)));

        assertThat(store.transition("p-1", PlanStatus.PENDING, PlanStatus.EXPIRED, null, NOW)).isTrue();
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.EXPIRED);
    }

    @Test
    void transitionCannotStartApplyingBehindApproveAndResume() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));

        assertThatThrownBy(() -> store.transition("p-1", PlanStatus.PENDING, PlanStatus.APPLYING, "U-BOB", NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
    }

    @Test
    void transitionFailsForAnUnknownPlan() {
        assertThat(store.transition("nope", PlanStatus.PENDING, PlanStatus.REJECTED, "U-BOB", NOW)).isFalse();
    }

    // ---- the heartbeat of an apply ----

    @Test
    void approveStartsTheHoldersHeartbeatAtTheApproval() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));

        store.approve("p-1", "U-BOB", HOLDER, NOW);

        assertThat(store.staleApplying(NOW, 10)).isEmpty();
        assertThat(store.staleApplying(NOW.plusMillis(1), 10)).extracting(PlanRecord::id).containsExactly("p-1");
    }

    @Test
    void theHolderKeepsItsApplyAliveAndNobodyElseCan() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        store.approve("p-1", "U-BOB", HOLDER, NOW);

        assertThat(store.heartbeat("p-1", "another-apply", NOW.plusSeconds(40))).isFalse();
        assertThat(store.staleApplying(NOW.plusSeconds(30), 10)).extracting(PlanRecord::id).containsExactly("p-1");
        assertThat(store.heartbeat("p-1", HOLDER, NOW.plusSeconds(40))).isTrue();

        assertThat(store.staleApplying(NOW.plusSeconds(40), 10)).isEmpty();
        assertThat(store.staleApplying(NOW.plusSeconds(40).plusMillis(1), 10)).extracting(PlanRecord::id).containsExactly("p-1");
        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.APPLYING);
        assertThat(read.decidedAt()).isEqualTo(NOW);
    }

    @Test
    void aHeartbeatNeverRevivesAPlanThatIsNotApplying() {
        for (PlanStatus status : EnumSet.complementOf(EnumSet.of(PlanStatus.APPLYING))) {
            String id = "p-" + status;
            store.insert(plan(id, status, LATER));

            assertThat(store.heartbeat(id, HOLDER, NOW)).as(status.name()).isFalse();
            assertThat(store.find(id).orElseThrow()).isEqualTo(plan(id, status, LATER));
        }
        store.insert(plan("p-done", PlanStatus.PENDING, LATER));
        store.approve("p-done", "U-BOB", HOLDER, NOW);
        store.finish("p-done", HOLDER, PlanStatus.APPLIED);

        assertThat(store.heartbeat("p-done", HOLDER, NOW.plusSeconds(5))).isFalse();
        assertThat(store.heartbeat("nope", HOLDER, NOW)).isFalse();
        assertThat(store.find("p-done").orElseThrow().status()).isEqualTo(PlanStatus.APPLIED);
    }

    @Test
    void anApplyTakenAsInterruptedCannotKeepItAliveNorEndItOnceResumedByAnother() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        store.approve("p-1", "U-BOB", HOLDER, NOW);
        assertThat(store.failStale("p-1", NOW.plusSeconds(1))).isTrue();

        assertThat(store.heartbeat("p-1", HOLDER, NOW.plusSeconds(50))).isFalse();
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.FAILED);

        assertThat(store.resume("p-1", "U-DAVE", "h-dave", NOW.plusSeconds(60))).isTrue();
        assertThat(store.heartbeat("p-1", HOLDER, NOW.plusSeconds(65))).isFalse();
        assertThat(store.finish("p-1", HOLDER, PlanStatus.APPLIED)).isFalse();
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.APPLYING);
        assertThat(store.heartbeat("p-1", "h-dave", NOW.plusSeconds(65))).isTrue();
        assertThat(store.finish("p-1", "h-dave", PlanStatus.APPLIED)).isTrue();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.APPLIED);
        assertThat(read.decidedBy()).isEqualTo("U-DAVE");
    }

    @Test
    void anApplyTakenAsInterruptedButNotResumedStillRecordsHowItEnded() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        store.approve("p-1", "U-BOB", HOLDER, NOW);
        store.failStale("p-1", NOW.plusSeconds(1));

        assertThat(store.finish("p-1", HOLDER, PlanStatus.APPLIED)).isTrue();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.APPLIED);
        assertThat(read.decidedBy()).isEqualTo("U-BOB");
        assertThat(store.resume("p-1", "U-DAVE", "h-dave", NOW.plusSeconds(60))).isFalse();
    }

    @Test
    void finishEndsOnlyTheHoldersApplyAndOnlyAsAnApplyEnds() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        store.approve("p-1", "U-BOB", HOLDER, NOW);

        assertThat(store.finish("p-1", "another-apply", PlanStatus.APPLIED)).isFalse();
        for (PlanStatus status : EnumSet.complementOf(EnumSet.of(PlanStatus.APPLIED, PlanStatus.FAILED, PlanStatus.SUPERSEDED))) {
            assertThatThrownBy(() -> store.finish("p-1", HOLDER, status)).as(status.name()).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.APPLYING);
        assertThat(store.finish("p-1", HOLDER, PlanStatus.SUPERSEDED)).isTrue();
        assertThat(store.finish("p-1", HOLDER, PlanStatus.APPLIED)).isFalse();
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.SUPERSEDED);
        assertThat(store.finish("nope", HOLDER, PlanStatus.APPLIED)).isFalse();
    }

    @Test
    void listsApplyingPlansWhoseHeartbeatStoppedLongestSilentFirstUpToTheLimit() {
        for (String id : java.util.List.of("p-old", "p-beating", "p-recent")) {
            store.insert(plan(id, PlanStatus.PENDING, LATER));
        }
        store.approve("p-old", "U-BOB", "h-old", NOW.minusSeconds(600));
        store.approve("p-beating", "U-BOB", "h-beating", NOW.minusSeconds(600));
        store.heartbeat("p-beating", "h-beating", NOW.minusSeconds(5));
        store.approve("p-recent", "U-BOB", "h-recent", NOW.minusSeconds(20));
        // applying since before heartbeats: judged by its approval
        store.insert(new PlanRecord("p-before-heartbeats", "111122223333", "node-role", null, "{}", PlanStatus.APPLYING, "U-ALICE",
                NOW.minusSeconds(7200), LATER, "U-BOB", NOW.minusSeconds(3600), null, null, null));
        store.insert(plan("p-failed", PlanStatus.FAILED, LATER));

        assertThat(store.staleApplying(NOW.minusSeconds(45), 10)).extracting(PlanRecord::id)
                .containsExactly("p-before-heartbeats", "p-old");
        assertThat(store.staleApplying(NOW.minusSeconds(45), 1)).extracting(PlanRecord::id).containsExactly("p-before-heartbeats");
        assertThat(store.staleApplying(NOW, 10)).extracting(PlanRecord::id)
                .containsExactly("p-before-heartbeats", "p-old", "p-recent", "p-beating");
        assertThat(store.staleApplying(NOW, 0)).isEmpty();
    }

    @Test
    void failStaleTakesOnlyAnApplyStillSilentAndKeepsWhoDecided() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        store.insert(plan("p-pending", PlanStatus.PENDING, LATER));
        store.approve("p-1", "U-BOB", HOLDER, NOW);
        store.heartbeat("p-1", HOLDER, NOW.plusSeconds(40));

        assertThat(store.failStale("p-1", NOW.plusSeconds(40))).isFalse();
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.APPLYING);
        assertThat(store.failStale("p-1", NOW.plusSeconds(41))).isTrue();
        assertThat(store.failStale("p-1", NOW.plusSeconds(41))).isFalse();
        assertThat(store.failStale("p-pending", LATER)).isFalse();
        assertThat(store.failStale("nope", LATER)).isFalse();

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.status()).isEqualTo(PlanStatus.FAILED);
        assertThat(read.decidedBy()).isEqualTo("U-BOB");
        assertThat(read.decidedAt()).isEqualTo(NOW);
        assertThat(store.find("p-pending").orElseThrow().status()).isEqualTo(PlanStatus.PENDING);
    }

    @Test
    void failStaleDoesNotOvertakeAResumeMadeSinceTheListWasRead() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));
        store.approve("p-1", "U-BOB", HOLDER, NOW);
        Instant beatBefore = NOW.plusSeconds(5);
        assertThat(store.staleApplying(beatBefore, 10)).extracting(PlanRecord::id).containsExactly("p-1");
        // meanwhile another replica makes it resumable and an approver resumes it
        assertThat(store.failStale("p-1", beatBefore)).isTrue();
        assertThat(store.resume("p-1", "U-DAVE", "h-dave", NOW.plusSeconds(50))).isTrue();

        assertThat(store.failStale("p-1", beatBefore)).isFalse();
        assertThat(store.find("p-1").orElseThrow().status()).isEqualTo(PlanStatus.APPLYING);
        assertThat(store.heartbeat("p-1", "h-dave", NOW.plusSeconds(55))).isTrue();
    }

    @Test
    void failsASilentApplyExactlyOnceWhenFiftyRecoveriesRaceForIt() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = "p-" + round;
            store.insert(plan(id, PlanStatus.PENDING, LATER));
            store.approve(id, "U-BOB", HOLDER, NOW);

            int winners = Contention.winners(50, recovery -> store.failStale(id, NOW.plusSeconds(45)));

            assertThat(winners).as("round %d", round).isEqualTo(1);
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(PlanStatus.FAILED);
        }
    }

    @Test
    void savesTheResultInAnyStatusAndReplacesIt() {
        store.insert(plan("p-1", PlanStatus.APPLYING, LATER));

        store.saveResult("p-1", "{\"steps\":[\"attached\"]}");
        store.transition("p-1", PlanStatus.APPLYING, PlanStatus.FAILED, null, NOW);
        store.saveResult("p-1", "{\"steps\":[\"attached\",\"failed: AccessDenied\"]}");

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.resultJson()).isEqualTo("{\"steps\":[\"attached\",\"failed: AccessDenied\"]}");
        assertThat(read.status()).isEqualTo(PlanStatus.FAILED);
    }

    @Test
    void savingTheResultOfAnUnknownPlanFails() {
        assertThatThrownBy(() -> store.saveResult("nope", "{}"))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot save the result of plan nope: no such plan");
    }

    @Test
    void savesWhereTheApprovalRequestWasPosted() {
        store.insert(plan("p-1", PlanStatus.PENDING, LATER));

        store.saveMessage("p-1", "C-OPS", "1717243200.000100");

        PlanRecord read = store.find("p-1").orElseThrow();
        assertThat(read.channelId()).isEqualTo("C-OPS");
        assertThat(read.messageTs()).isEqualTo("1717243200.000100");
        assertThat(read.status()).isEqualTo(PlanStatus.PENDING);
    }

    @Test
    void savingTheMessageOfAnUnknownPlanFails() {
        assertThatThrownBy(() -> store.saveMessage("nope", "C-OPS", "1.2"))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot save the approval message of plan nope: no such plan");
    }

    @Test
    void listsExpiredPlansOfOneStatusOldestExpiryFirstUpToTheLimit() {
        store.insert(plan("p-late", PlanStatus.PENDING, NOW.minusSeconds(10)));
        store.insert(plan("p-oldest", PlanStatus.PENDING, NOW.minusSeconds(300)));
        store.insert(plan("p-now", PlanStatus.PENDING, NOW));
        store.insert(plan("p-middle", PlanStatus.PENDING, NOW.minusSeconds(60)));
        store.insert(plan("p-future", PlanStatus.PENDING, NOW.plusMillis(1)));
        store.insert(plan("p-offered", PlanStatus.OFFERED, NOW.minusSeconds(600)));

        assertThat(store.expired(PlanStatus.PENDING, NOW, 10)).extracting(PlanRecord::id)
                .containsExactly("p-oldest", "p-middle", "p-late", "p-now");
        assertThat(store.expired(PlanStatus.PENDING, NOW, 2)).extracting(PlanRecord::id)
                .containsExactly("p-oldest", "p-middle");
        assertThat(store.expired(PlanStatus.OFFERED, NOW, 10)).extracting(PlanRecord::id)
                .containsExactly("p-offered");
        assertThat(store.expired(PlanStatus.APPLYING, NOW, 10)).isEmpty();
        assertThat(store.expired(PlanStatus.PENDING, NOW, 0)).isEmpty();
    }

    @Test
    void expiredPlansAreReadInFull() {
        PlanRecord plan = new PlanRecord("p-1", "111122223333", "node-role", "eks-node-role", "{\"steps\":[]}",
                PlanStatus.PENDING, "U-ALICE", NOW.minusSeconds(600), NOW.minusSeconds(1), null, null, "C-OPS",
                "1717243200.000100", null);
        store.insert(plan);

        assertThat(store.expired(PlanStatus.PENDING, NOW, 10)).containsExactly(plan);
        assertThat(plan.expiredAt(NOW)).isTrue();
    }
}

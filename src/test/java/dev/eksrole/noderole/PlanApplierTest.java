package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanApplierTest {

    private static final String WORKER = ManagedPolicy.WORKER_NODE.arn(Partition.AWS);
    private static final String ECR = ManagedPolicy.ECR_READ_ONLY.arn(Partition.AWS);
    private static final String CNI = ManagedPolicy.CNI.arn(Partition.AWS);

    private static final PlanStep CREATE = new PlanStep.CreateRole("NodeInstanceRole", FixPlanner.ROLE_DESCRIPTION,
            TrustPolicy.documentedJson(Partition.AWS), Map.of("team", "platform"));
    private static final PlanStep ATTACH_WORKER = new PlanStep.AttachPolicy("NodeInstanceRole", WORKER);
    private static final PlanStep ATTACH_ECR = new PlanStep.AttachPolicy("NodeInstanceRole", ECR);
    private static final PlanStep DETACH_CNI = new PlanStep.DetachPolicy("NodeInstanceRole", CNI);

    private final RecordingWriter writer = new RecordingWriter();
    private final List<StepResult> heard = new ArrayList<>();
    private final PlanApplier applier = new PlanApplier();

    @Test
    void appliesEveryStepInOrder() {
        ApplyResult result = applier.apply(List.of(CREATE, ATTACH_WORKER, ATTACH_ECR), writer, heard::add);

        assertThat(writer.applied).containsExactly(CREATE, ATTACH_WORKER, ATTACH_ECR);
        assertThat(result.steps()).extracting(StepResult::step).containsExactly(CREATE, ATTACH_WORKER, ATTACH_ECR);
        assertThat(result.steps()).extracting(StepResult::status).containsOnly(StepResult.Status.DONE);
        assertThat(result.complete()).isTrue();
        assertThat(heard).isEqualTo(result.steps());
    }

    @Test
    void reportsStepsThatWereAlreadyDone() {
        writer.outcomes.put(CREATE, AccountWriter.Outcome.ALREADY_DONE);
        writer.outcomes.put(DETACH_CNI, AccountWriter.Outcome.ALREADY_DONE);

        ApplyResult result = applier.apply(List.of(CREATE, ATTACH_WORKER, DETACH_CNI), writer, heard::add);

        assertThat(result.steps()).extracting(StepResult::status).containsExactly(
                StepResult.Status.ALREADY_DONE, StepResult.Status.DONE, StepResult.Status.ALREADY_DONE);
        assertThat(result.steps().get(0).message()).contains("already");
        assertThat(result.complete()).isTrue();
        assertThat(heard).isEqualTo(result.steps());
    }

    @Test
    void stopsAtTheFirstFailureAndRunsNothingAfterIt() {
        writer.failures.put(ATTACH_WORKER, new IamWriteException("AccessDenied",
                "iam:AttachRolePolicy failed: not authorized", null));

        ApplyResult result = applier.apply(List.of(CREATE, ATTACH_WORKER, ATTACH_ECR, DETACH_CNI), writer, heard::add);

        assertThat(writer.applied).containsExactly(CREATE, ATTACH_WORKER);
        assertThat(result.steps()).extracting(StepResult::status).containsExactly(
                StepResult.Status.DONE, StepResult.Status.FAILED, StepResult.Status.NOT_RUN, StepResult.Status.NOT_RUN);
        assertThat(result.steps()).extracting(StepResult::step).containsExactly(CREATE, ATTACH_WORKER, ATTACH_ECR, DETACH_CNI);
        assertThat(result.complete()).isFalse();
        assertThat(result.steps().get(1).message()).contains("AccessDenied", "not authorized");
        assertThat(result.steps().get(2).message()).contains("not run");
    }

    @Test
    void theListenerHearsExactlyTheStepsThatRan() {
        writer.failures.put(ATTACH_WORKER, new IamWriteException("Throttling", "Rate exceeded", null));

        ApplyResult result = applier.apply(List.of(CREATE, ATTACH_WORKER, ATTACH_ECR), writer, heard::add);

        assertThat(heard).extracting(StepResult::step).containsExactly(CREATE, ATTACH_WORKER);
        assertThat(heard).isEqualTo(result.steps().subList(0, 2));
    }

    @Test
    void aFailingFirstStepLeavesEveryOtherStepNotRun() {
        writer.failures.put(CREATE, new IamWriteException("EntityAlreadyExists", "a role named NodeInstanceRole"
                + " already exists with another trust; it was left as it is", null));

        ApplyResult result = applier.apply(List.of(CREATE, ATTACH_WORKER, ATTACH_ECR), writer, heard::add);

        assertThat(writer.applied).containsExactly(CREATE);
        assertThat(result.steps()).extracting(StepResult::status).containsExactly(
                StepResult.Status.FAILED, StepResult.Status.NOT_RUN, StepResult.Status.NOT_RUN);
        assertThat(heard).singleElement().extracting(StepResult::status).isEqualTo(StepResult.Status.FAILED);
        assertThat(result.complete()).isFalse();
    }

    @Test
    void aFailedLastStepStillLeavesTheEarlierOnesDone() {
        writer.failures.put(ATTACH_ECR, new IamWriteException("LimitExceeded", "Cannot exceed quota for PoliciesPerRole", null));

        ApplyResult result = applier.apply(List.of(CREATE, ATTACH_WORKER, ATTACH_ECR), writer, heard::add);

        assertThat(result.steps()).extracting(StepResult::status).containsExactly(
                StepResult.Status.DONE, StepResult.Status.DONE, StepResult.Status.FAILED);
        assertThat(result.complete()).isFalse();
    }

    @Test
    void runningThePlanAgainResumesIt() {
        writer.failures.put(ATTACH_WORKER, new IamWriteException("Throttling", "Rate exceeded", null));
        applier.apply(List.of(CREATE, ATTACH_WORKER, ATTACH_ECR), writer, heard::add);
        writer.failures.clear();
        writer.outcomes.put(CREATE, AccountWriter.Outcome.ALREADY_DONE);
        writer.applied.clear();

        ApplyResult again = applier.apply(List.of(CREATE, ATTACH_WORKER, ATTACH_ECR), writer, r -> {});

        assertThat(writer.applied).containsExactly(CREATE, ATTACH_WORKER, ATTACH_ECR);
        assertThat(again.complete()).isTrue();
    }

    @Test
    void anEmptyPlanIsCompleteAndCallsNothing() {
        ApplyResult result = applier.apply(List.of(), writer, heard::add);

        assertThat(result.steps()).isEmpty();
        assertThat(result.complete()).isTrue();
        assertThat(writer.applied).isEmpty();
        assertThat(heard).isEmpty();
    }

    /** Does what it is told per step, and remembers what it was asked to do. */
    private static final class RecordingWriter implements AccountWriter {
        final List<PlanStep> applied = new ArrayList<>();
        final Map<PlanStep, Outcome> outcomes = new HashMap<>();
        final Map<PlanStep, IamWriteException> failures = new HashMap<>();

        @Override
        public Outcome apply(PlanStep step) {
            applied.add(step);
            IamWriteException failure = failures.get(step);
            if (failure != null) {
                throw failure;
            }
            return outcomes.getOrDefault(step, Outcome.DONE);
        }
    }
}

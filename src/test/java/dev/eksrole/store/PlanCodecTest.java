package dev.eksrole.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.TrustPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCodecTest {

    private static final FixPlan ALL = new FixPlan(FixKind.FIX_ALL, "111111111111", Partition.AWS, null, null, List.of(
            new PlanStep.CreateRole("NodeInstanceRole", "Amazon EKS - Node Group Role", TrustPolicy.documentedJson(Partition.AWS),
                    Map.of("team", "platform")),
            new PlanStep.AttachPolicy("NodeInstanceRole", ManagedPolicy.WORKER_NODE.arn(Partition.AWS)),
            new PlanStep.ReplaceTrust("blue-NodeInstanceRole", TrustPolicy.documentedJson(Partition.AWS), "{}")));

    @Test
    void aWholePlanAndABatchReadBackAsTheyWere() {
        FixPlan batch = ALL.batch(ALL.roleGroups().get(1), new FixPlan.Batch(2, 2));

        assertThat(PlanCodec.decode(PlanCodec.encode(ALL))).isEqualTo(ALL);
        assertThat(PlanCodec.decode(PlanCodec.encode(batch))).isEqualTo(batch);
        assertThat(PlanCodec.decode(PlanCodec.encode(batch)).title()).contains("batch 2 of 2");
    }

    @Test
    void aPlanStoredBeforeBatchesExistedReadsBackAsAWholePlan() {
        String stored = PlanCodec.encode(ALL);

        assertThat(stored).doesNotContain("batch");
        assertThat(PlanCodec.decode(stored).batch()).isNull();
    }
}

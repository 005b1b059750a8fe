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

    @Test
    void everyKindOfStepReadsBackAsItWas() {
        String workers = "arn:aws:iam::111111111111:role/eks/workers";
        List<PlanStep> steps = List.of(
                new PlanStep.CreateRole("workers", "Amazon EKS - Node Group Role", TrustPolicy.documentedJson(Partition.AWS), Map.of(),
                        "/eks/"),
                new PlanStep.AttachPolicy("workers", ManagedPolicy.WORKER_NODE.arn(Partition.AWS)),
                new PlanStep.DetachPolicy("workers", ManagedPolicy.CNI.arn(Partition.AWS)),
                new PlanStep.ReplaceTrust("workers", TrustPolicy.documentedJson(Partition.AWS), "{}"),
                new PlanStep.CreateInstanceProfile("workers", "workers", "/"),
                new PlanStep.AddRoleToInstanceProfile("workers", "workers"),
                new PlanStep.DeleteAccessEntry("workers", "eu-west-1", "prod", workers, "STANDARD", "ops", List.of("ops-team"),
                        List.of("AmazonEKSViewPolicy (namespaces apps)")),
                new PlanStep.CreateAccessEntry("workers", "eu-west-1", "prod", workers, "EC2_LINUX"));
        assertThat(steps).extracting(PlanStep::kind).containsExactlyInAnyOrder(dev.eksrole.noderole.StepKind.values());
        FixPlan plan = new FixPlan(FixKind.FIX_ALL, "111111111111", Partition.AWS, null, null, steps);

        assertThat(PlanCodec.decode(PlanCodec.encode(plan))).isEqualTo(plan);
    }

    @Test
    void anAccessEntryPlanKeepsItsClusterInItsKey() {
        String workers = "arn:aws:iam::111111111111:role/workers";
        FixPlan blue = new FixPlan(FixKind.CREATE_ACCESS_ENTRY, "111111111111", Partition.AWS, "workers", null,
                List.of(new PlanStep.CreateAccessEntry("workers", "eu-west-1", "blue", workers, "EC2_LINUX")));

        FixPlan read = PlanCodec.decode(PlanCodec.encode(blue));

        assertThat(read.key()).isEqualTo(blue.key()).contains("eu-west-1/blue");
        assertThat(read.title()).isEqualTo("Create an EC2_LINUX access entry for workers in eu-west-1/blue");
    }

    @Test
    void aCreateRoleStoredBeforeRolesHadAPathIsAtTheRoot() {
        String stored = PlanCodec.encode(ALL).replace(",\"path\":\"/\"", "");

        assertThat(stored).doesNotContain("\"path\"");
        assertThat(((PlanStep.CreateRole) PlanCodec.decode(stored).steps().get(0)).path()).isEqualTo("/");
    }
}

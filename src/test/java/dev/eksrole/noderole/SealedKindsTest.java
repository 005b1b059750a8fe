package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Code that handles findings and plan steps switches on {@link Finding#code()} and {@link PlanStep#kind()}
 * and casts to the record of the case. Those casts hold only while each record has a code or kind of its
 * own and each code or kind belongs to one record: this keeps it so.
 */
class SealedKindsTest {

    private static final String NODES = "arn:aws:iam::111111111111:role/eks-nodes";

    /** One of each Finding record; a new record must be added here, or the first test fails. */
    private static final List<Finding> ONE_OF_EACH_FINDING = List.of(
            new Finding.AssumeRoleFailed("arn:aws:iam::111111111111:role/EksRoleAccess", "ext-1",
                    AccessFailure.of(AccessFailure.Cause.TARGET_REFUSED, "AccessDenied", null)),
            new Finding.IamReadFailed("ListRoles", "Throttling", null),
            new Finding.ReadingInconsistent("what did not add up"),
            new Finding.NoNodeRole(NodeRolePatterns.DEFAULT.fragments()),
            new Finding.MissingPolicy(ManagedPolicy.WORKER_NODE, ManagedPolicy.WORKER_NODE.arn(Partition.AWS)),
            new Finding.CniPolicyOnNodeRole(null),
            new Finding.TrustDoesNotAllowEc2("no Allow statement", "{}"),
            new Finding.TrustNotExact(List.of("1 extra statement"), "{}"),
            new ClusterFindings.NoInstanceProfile("NodeInstanceRole"),
            new ClusterFindings.EksReadFailed("ListNodegroups", "AccessDeniedException", null, "eu-west-1", "prod"),
            new ClusterFindings.ClusterNodeRoleMissing(NODES, "prod", "ng-1"),
            new ClusterFindings.NodeRoleNotMapped(NODES, "prod", "EC2_LINUX"),
            new ClusterFindings.NodeRoleMappingUnverified(NODES, "prod", "EC2_LINUX"),
            new ClusterFindings.AccessEntryWrongType("prod", new ClusterFacts.AccessEntry(NODES, "STANDARD", "u", List.of(), List.of()),
                    "EC2_LINUX"),
            new ClusterFindings.NodeRoleIsClusterRole(NODES, "prod"),
            new ClusterFindings.NodegroupHealthIssue("NodeCreationFailure", "Instances failed to join", List.of()));

    /** One of each PlanStep record. */
    private static final List<PlanStep> ONE_OF_EACH_STEP = List.of(
            new PlanStep.CreateRole("NodeInstanceRole", FixPlanner.ROLE_DESCRIPTION, TrustPolicy.documentedJson(Partition.AWS), Map.of()),
            new PlanStep.AttachPolicy("NodeInstanceRole", ManagedPolicy.WORKER_NODE.arn(Partition.AWS)),
            new PlanStep.DetachPolicy("NodeInstanceRole", ManagedPolicy.CNI.arn(Partition.AWS)),
            new PlanStep.ReplaceTrust("NodeInstanceRole", TrustPolicy.documentedJson(Partition.AWS), "{}"),
            new PlanStep.CreateInstanceProfile("NodeInstanceRole", "NodeInstanceRole", "/"),
            new PlanStep.AddRoleToInstanceProfile("NodeInstanceRole", "NodeInstanceRole"),
            new PlanStep.CreateAccessEntry("eks-nodes", "eu-west-1", "prod", NODES, "EC2_LINUX"),
            new PlanStep.DeleteAccessEntry("eks-nodes", "eu-west-1", "prod", NODES, "STANDARD", "u", List.of(), List.of()));

    @Test
    void everyFindingRecordHasACodeOfItsOwnAndEveryCodeARecord() {
        assertThat(ONE_OF_EACH_FINDING).extracting(Object::getClass)
                .containsExactlyInAnyOrder(Finding.class.getPermittedSubclasses());
        Map<FindingCode, Class<?>> recordOfCode = oneToOne(ONE_OF_EACH_FINDING, Finding::code);
        assertThat(recordOfCode).containsOnlyKeys(FindingCode.values());
    }

    @Test
    void everyPlanStepRecordHasAKindOfItsOwnAndEveryKindARecord() {
        assertThat(ONE_OF_EACH_STEP).extracting(Object::getClass)
                .containsExactlyInAnyOrder(PlanStep.class.getPermittedSubclasses());
        Map<StepKind, Class<?>> recordOfKind = oneToOne(ONE_OF_EACH_STEP, PlanStep::kind);
        assertThat(recordOfKind).containsOnlyKeys(StepKind.values());
    }

    @Test
    void theRecordsOfEachCodeAndKindAreTheOnesTheSwitchesCastTo() {
        assertThat(oneToOne(ONE_OF_EACH_FINDING, Finding::code)).containsEntry(FindingCode.ASSUME_ROLE_FAILED, Finding.AssumeRoleFailed.class)
                .containsEntry(FindingCode.MISSING_POLICY, Finding.MissingPolicy.class)
                .containsEntry(FindingCode.CNI_POLICY_ON_NODE_ROLE, Finding.CniPolicyOnNodeRole.class)
                .containsEntry(FindingCode.TRUST_DOES_NOT_ALLOW_EC2, Finding.TrustDoesNotAllowEc2.class)
                .containsEntry(FindingCode.TRUST_NOT_EXACT, Finding.TrustNotExact.class)
                .containsEntry(FindingCode.CLUSTER_NODE_ROLE_MISSING, ClusterFindings.ClusterNodeRoleMissing.class)
                .containsEntry(FindingCode.NODE_ROLE_NOT_MAPPED, ClusterFindings.NodeRoleNotMapped.class)
                .containsEntry(FindingCode.NODE_ROLE_MAPPING_UNVERIFIED, ClusterFindings.NodeRoleMappingUnverified.class)
                .containsEntry(FindingCode.ACCESS_ENTRY_WRONG_TYPE, ClusterFindings.AccessEntryWrongType.class);
        assertThat(oneToOne(ONE_OF_EACH_STEP, PlanStep::kind)).containsEntry(StepKind.CREATE_ROLE, PlanStep.CreateRole.class)
                .containsEntry(StepKind.ATTACH_POLICY, PlanStep.AttachPolicy.class)
                .containsEntry(StepKind.DETACH_POLICY, PlanStep.DetachPolicy.class)
                .containsEntry(StepKind.REPLACE_TRUST, PlanStep.ReplaceTrust.class)
                .containsEntry(StepKind.CREATE_INSTANCE_PROFILE, PlanStep.CreateInstanceProfile.class)
                .containsEntry(StepKind.ADD_ROLE_TO_INSTANCE_PROFILE, PlanStep.AddRoleToInstanceProfile.class)
                .containsEntry(StepKind.CREATE_ACCESS_ENTRY, PlanStep.CreateAccessEntry.class)
                .containsEntry(StepKind.DELETE_ACCESS_ENTRY, PlanStep.DeleteAccessEntry.class);
    }

    /** The record of each code, failing when two records share a code. */
    private static <T, K> Map<K, Class<?>> oneToOne(List<T> samples, Function<T, K> kind) {
        Map<K, List<Class<?>>> records = samples.stream()
                .collect(Collectors.groupingBy(kind, Collectors.mapping(Object::getClass, Collectors.toList())));
        records.forEach((code, classes) -> assertThat(classes).as("records with %s", code).hasSize(1));
        return records.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }
}

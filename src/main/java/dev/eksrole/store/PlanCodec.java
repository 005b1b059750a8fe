package dev.eksrole.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.noderole.FixKind;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.Partition;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.StepKind;
import dev.eksrole.noderole.StepResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plans and their results as the JSON the store keeps; explicit, so stored plans outlive refactorings. */
public final class PlanCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanCodec() {}

    public static String encode(FixPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", plan.kind().name());
        root.put("accountId", plan.accountId());
        root.put("partition", plan.partition().id());
        root.put("roleName", plan.roleName());
        root.put("policyArn", plan.policyArn());
        if (plan.batch() != null) {
            root.putObject("batch").put("number", plan.batch().number()).put("of", plan.batch().of());
        }
        ArrayNode steps = root.putArray("steps");
        plan.steps().forEach(step -> steps.add(step(step)));
        return root.toString();
    }

    public static FixPlan decode(String json) {
        JsonNode root = read(json);
        List<PlanStep> steps = new ArrayList<>();
        root.get("steps").forEach(node -> steps.add(step(node)));
        JsonNode batch = root.get("batch");
        return new FixPlan(FixKind.valueOf(root.get("kind").asText()), root.get("accountId").asText(),
                Partition.fromId(root.get("partition").asText()).orElseThrow(), text(root, "roleName"), text(root, "policyArn"), steps,
                batch == null || batch.isNull() ? null : new FixPlan.Batch(batch.get("number").asInt(), batch.get("of").asInt()));
    }

    public static String encode(ApplyResult result) {
        ArrayNode array = JSON.createArrayNode();
        for (StepResult step : result.steps()) {
            ObjectNode node = array.addObject();
            node.set("step", step(step.step()));
            node.put("status", step.status().name());
            node.put("message", step.message());
        }
        return array.toString();
    }

    public static ApplyResult decodeResult(String json) {
        List<StepResult> steps = new ArrayList<>();
        read(json).forEach(node -> steps.add(new StepResult(step(node.get("step")),
                StepResult.Status.valueOf(node.get("status").asText()), text(node, "message"))));
        return new ApplyResult(steps);
    }

    private static ObjectNode step(PlanStep step) {
        ObjectNode node = JSON.createObjectNode();
        node.put("roleName", step.roleName());
        node.put("type", type(step.kind()));
        return switch (step.kind()) {
            case CREATE_ROLE -> {
                PlanStep.CreateRole create = (PlanStep.CreateRole) step;
                node.put("description", create.description()).put("trustJson", create.trustJson()).put("path", create.path());
                ObjectNode tags = node.putObject("tags");
                create.tags().forEach(tags::put);
                yield node;
            }
            case ATTACH_POLICY -> node.put("policyArn", ((PlanStep.AttachPolicy) step).policyArn());
            case DETACH_POLICY -> node.put("policyArn", ((PlanStep.DetachPolicy) step).policyArn());
            case REPLACE_TRUST -> {
                PlanStep.ReplaceTrust replace = (PlanStep.ReplaceTrust) step;
                yield node.put("trustJson", replace.trustJson()).put("currentTrust", replace.currentTrust());
            }
            case CREATE_INSTANCE_PROFILE -> {
                PlanStep.CreateInstanceProfile create = (PlanStep.CreateInstanceProfile) step;
                yield node.put("profileName", create.profileName()).put("path", create.path());
            }
            case ADD_ROLE_TO_INSTANCE_PROFILE -> node.put("profileName", ((PlanStep.AddRoleToInstanceProfile) step).profileName());
            case CREATE_ACCESS_ENTRY -> {
                PlanStep.CreateAccessEntry create = (PlanStep.CreateAccessEntry) step;
                yield node.put("region", create.region()).put("clusterName", create.clusterName())
                        .put("principalArn", create.principalArn()).put("entryType", create.type());
            }
            case DELETE_ACCESS_ENTRY -> {
                PlanStep.DeleteAccessEntry delete = (PlanStep.DeleteAccessEntry) step;
                node.put("region", delete.region()).put("clusterName", delete.clusterName())
                        .put("principalArn", delete.principalArn()).put("entryType", delete.type()).put("username", delete.username());
                delete.kubernetesGroups().forEach(node.putArray("kubernetesGroups")::add);
                delete.accessPolicies().forEach(node.putArray("accessPolicies")::add);
                yield node;
            }
        };
    }

    private static PlanStep step(JsonNode node) {
        String role = node.get("roleName").asText();
        String type = node.get("type").asText();
        StepKind kind = Arrays.stream(StepKind.values()).filter(k -> type(k).equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown plan step " + node.get("type")));
        return switch (kind) {
            case CREATE_ROLE -> {
                Map<String, String> tags = new LinkedHashMap<>();
                node.get("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
                // plans stored before roles could have a path were all at /
                yield new PlanStep.CreateRole(role, text(node, "description"), node.get("trustJson").asText(), tags, text(node, "path"));
            }
            case ATTACH_POLICY -> new PlanStep.AttachPolicy(role, node.get("policyArn").asText());
            case DETACH_POLICY -> new PlanStep.DetachPolicy(role, node.get("policyArn").asText());
            case REPLACE_TRUST -> new PlanStep.ReplaceTrust(role, node.get("trustJson").asText(), text(node, "currentTrust"));
            case CREATE_INSTANCE_PROFILE -> new PlanStep.CreateInstanceProfile(role, node.get("profileName").asText(), text(node, "path"));
            case ADD_ROLE_TO_INSTANCE_PROFILE -> new PlanStep.AddRoleToInstanceProfile(role, node.get("profileName").asText());
            case CREATE_ACCESS_ENTRY -> new PlanStep.CreateAccessEntry(role, node.get("region").asText(), node.get("clusterName").asText(),
                    node.get("principalArn").asText(), node.get("entryType").asText());
            case DELETE_ACCESS_ENTRY -> new PlanStep.DeleteAccessEntry(role, node.get("region").asText(), node.get("clusterName").asText(),
                    node.get("principalArn").asText(), node.get("entryType").asText(), text(node, "username"),
                    strings(node.get("kubernetesGroups")), strings(node.get("accessPolicies")));
        };
    }

    /** How the store names each kind of step: fixed words, so that stored plans outlive renamed classes. */
    private static String type(StepKind kind) {
        return switch (kind) {
            case CREATE_ROLE -> "CreateRole";
            case ATTACH_POLICY -> "AttachPolicy";
            case DETACH_POLICY -> "DetachPolicy";
            case REPLACE_TRUST -> "ReplaceTrust";
            case CREATE_INSTANCE_PROFILE -> "CreateInstanceProfile";
            case ADD_ROLE_TO_INSTANCE_PROFILE -> "AddRoleToInstanceProfile";
            case CREATE_ACCESS_ENTRY -> "CreateAccessEntry";
            case DELETE_ACCESS_ENTRY -> "DeleteAccessEntry";
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored plan is not JSON", e);
        }
    }
}

package dev.eksrole.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksrole.config.EksroleConfig.NodeRoleSettings;
import dev.eksrole.noderole.ManagedPolicy;
import dev.eksrole.noderole.NodeRolePatterns;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code nodeRoles:} section: how node roles are found and, for fixes, created. */
final class NodeRolesSection {

    static final List<String> KEYS = List.of("namePatterns", "createName", "ecrPolicy", "tags");
    static final String DEFAULT_CREATE_NAME = "NodeInstanceRole";
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private NodeRolesSection() {}

    static NodeRoleSettings parse(ConfigNode node) throws ConfigException {
        node.allowOnly(KEYS);
        List<String> patterns = node.strings("namePatterns", null, null);
        NodeRolePatterns nodeRolePatterns = patterns.isEmpty() ? NodeRolePatterns.DEFAULT : new NodeRolePatterns(patterns);
        String createName = node.string("createName", DEFAULT_CREATE_NAME, AccessSection.ROLE_NAME, "an IAM role name");
        String ecr = node.string("ecrPolicy", "ReadOnly", null, null);
        ManagedPolicy ecrPolicy = switch (ecr) {
            case "ReadOnly", "AmazonEC2ContainerRegistryReadOnly" -> ManagedPolicy.ECR_READ_ONLY;
            case "PullOnly", "AmazonEC2ContainerRegistryPullOnly" -> ManagedPolicy.ECR_PULL_ONLY;
            default -> throw new ConfigException(node.path("ecrPolicy"), "must be ReadOnly or PullOnly, not '" + ecr + "'");
        };
        return new NodeRoleSettings(nodeRolePatterns, createName, ecrPolicy, tags(node));
    }

    private static Map<String, String> tags(ConfigNode node) throws ConfigException {
        Map<String, String> tags = new LinkedHashMap<>();
        ConfigNode tagsNode = node.child("tags");
        tagsNode.requireObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = tagsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            String key = tag.getKey();
            if (!tag.getValue().isValueNode() || tag.getValue().isNull()) {
                throw new ConfigException(tagsNode.path(key), "a tag value must be a string");
            }
            String value = tag.getValue().asText();
            // IAM's rules for tags (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html), checked
            // here so that a bad tag stops eksrole at start, not a CreateRole someone already approved
            if (!TAG_TEXT.matcher(key).matches() || key.isEmpty() || key.length() > 128 || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new ConfigException(tagsNode.path(key), "not a valid IAM tag key (1-128 letters, digits, spaces and _.:/=+-@, "
                        + "not starting with aws:)");
            }
            if (!TAG_TEXT.matcher(value).matches() || value.length() > 256) {
                throw new ConfigException(tagsNode.path(key), "not a valid IAM tag value (at most 256 letters, digits, spaces and _.:/=+-@)");
            }
            tags.put(key, value);
        }
        if (tags.size() > 50) {
            throw new ConfigException(node.path("tags"), "IAM allows at most 50 tags on a role");
        }
        return tags;
    }
}

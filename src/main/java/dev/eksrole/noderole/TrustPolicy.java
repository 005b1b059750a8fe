package dev.eksrole.noderole;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A role trust policy reduced to its meaning: Sid, key order, whitespace, one-element lists against
 * plain strings and IAM's URL-encoding are gone; action names, service principals and condition keys
 * are compared case-insensitively because IAM treats them so (they keep their spelling for display).
 */
public record TrustPolicy(String version, List<Statement> statements) {

    public static final String DOCUMENTED_VERSION = "2012-10-17";

    private static final ObjectMapper JSON = new ObjectMapper();

    public TrustPolicy {
        statements = List.copyOf(statements);
    }

    public enum Effect { ALLOW, DENY, OTHER }

    /**
     * One statement.
     *
     * @param principals principal type (AWS, Service, Federated, CanonicalUser) to its values; a bare
     *     {@code "*"} principal is stored as AWS {@code *}
     * @param negatedPrincipal the statement used NotPrincipal
     * @param actions action names or patterns as written
     * @param negatedAction the statement used NotAction
     * @param conditions operator to condition key to values
     * @param source the statement as written, for showing it
     */
    public record Statement(
            Effect effect,
            Map<String, Set<String>> principals,
            boolean negatedPrincipal,
            Set<String> actions,
            boolean negatedAction,
            Map<String, Map<String, Set<String>>> conditions,
            JsonNode source) {

        public Statement {
            principals = Map.copyOf(principals);
            actions = Set.copyOf(actions);
            conditions = Map.copyOf(conditions);
        }

        public Set<String> principalValues(String type) {
            return principals.getOrDefault(type, Set.of());
        }

        boolean namesPrincipal(String type, String value) {
            boolean named = principalValues(type).contains(type.equals("Service") ? value.toLowerCase(Locale.ROOT) : value)
                    || principalValues("AWS").contains("*");
            return negatedPrincipal != named;
        }

        boolean coversAction(String action) {
            String wanted = action.toLowerCase(Locale.ROOT);
            boolean listed = actions.stream().anyMatch(pattern -> globMatches(pattern.toLowerCase(Locale.ROOT), wanted));
            return negatedAction != listed;
        }

        public String sourceText() {
            return pretty(source);
        }
    }

    /** Parses a trust document as IAM returns it (URL-encoded) or as a person writes it. */
    public static Optional<TrustPolicy> parse(String document) {
        if (document == null || document.isBlank()) {
            return Optional.empty();
        }
        String text = document.strip();
        if (text.startsWith("%")) {
            text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode statementNode = field(root, "Statement");
        if (statementNode == null) {
            return Optional.empty();
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode node : asList(statementNode)) {
            if (!node.isObject()) {
                return Optional.empty();
            }
            statements.add(statement(node));
        }
        JsonNode version = field(root, "Version");
        return Optional.of(new TrustPolicy(version == null ? null : version.asText(), statements));
    }

    /** The trust the AWS procedure documents, for a partition, as compact JSON. */
    public static String documentedJson(Partition partition) {
        ObjectNode principal = JSON.createObjectNode().put("Service", partition.ec2ServicePrincipal());
        ObjectNode statement = JSON.createObjectNode().put("Effect", "Allow");
        statement.set("Principal", principal);
        statement.put("Action", "sts:AssumeRole");
        ObjectNode root = JSON.createObjectNode().put("Version", DOCUMENTED_VERSION);
        root.putArray("Statement").add(statement);
        return root.toString();
    }

    /** Pretty JSON of any document, decoded from IAM's URL-encoding when needed; the text itself if it is not JSON. */
    public static String prettyDocument(String document) {
        if (document == null) {
            return "";
        }
        String text = document.strip();
        if (text.startsWith("%")) {
            text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        try {
            return pretty(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return String.valueOf(node);
        }
    }

    static String prettyStatements(List<Statement> statements) {
        if (statements.size() == 1) {
            return statements.get(0).sourceText();
        }
        ArrayNode array = JSON.createArrayNode();
        statements.forEach(s -> array.add(s.source()));
        return pretty(array);
    }

    private static Statement statement(JsonNode node) {
        JsonNode effectNode = field(node, "Effect");
        String effectText = effectNode == null ? "" : effectNode.asText();
        Effect effect = effectText.equals("Allow") ? Effect.ALLOW : effectText.equals("Deny") ? Effect.DENY : Effect.OTHER;

        JsonNode principalNode = field(node, "Principal");
        boolean negatedPrincipal = false;
        if (principalNode == null) {
            principalNode = field(node, "NotPrincipal");
            negatedPrincipal = principalNode != null;
        }
        Map<String, Set<String>> principals = new TreeMap<>();
        if (principalNode != null && principalNode.isTextual()) {
            principals.put("AWS", Set.of(principalNode.asText()));
        } else if (principalNode != null && principalNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = principalNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                boolean service = entry.getKey().equals("Service");
                Set<String> values = new LinkedHashSet<>();
                for (JsonNode value : asList(entry.getValue())) {
                    values.add(service ? value.asText().strip().toLowerCase(Locale.ROOT) : value.asText().strip());
                }
                principals.merge(entry.getKey(), values, TrustPolicy::union);
            }
        }

        JsonNode actionNode = field(node, "Action");
        boolean negatedAction = false;
        if (actionNode == null) {
            actionNode = field(node, "NotAction");
            negatedAction = actionNode != null;
        }
        Set<String> actions = new LinkedHashSet<>();
        if (actionNode != null) {
            for (JsonNode value : asList(actionNode)) {
                actions.add(value.asText().strip());
            }
        }

        Map<String, Map<String, Set<String>>> conditions = new TreeMap<>();
        JsonNode conditionNode = field(node, "Condition");
        if (conditionNode != null && conditionNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> ops = conditionNode.fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                Map<String, Set<String>> keys = new TreeMap<>();
                if (op.getValue().isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> ks = op.getValue().fields(); ks.hasNext(); ) {
                        Map.Entry<String, JsonNode> key = ks.next();
                        Set<String> values = new LinkedHashSet<>();
                        asList(key.getValue()).forEach(v -> values.add(v.asText()));
                        keys.put(key.getKey(), Set.copyOf(values));
                    }
                }
                if (!keys.isEmpty()) {
                    conditions.put(op.getKey(), Map.copyOf(keys));
                }
            }
        }
        Map<String, Set<String>> frozen = new TreeMap<>();
        principals.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return new Statement(effect, frozen, negatedPrincipal, actions, negatedAction, conditions, node);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Policy element names are matched case-insensitively, as IAM's parser does. */
    private static JsonNode field(JsonNode node, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }

    /** IAM action patterns: {@code *} any run of characters, {@code ?} one character. */
    static boolean globMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(regex.toString(), value);
    }
}

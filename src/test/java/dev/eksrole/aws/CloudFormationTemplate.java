package dev.eksrole.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shipped CloudFormation template read as CloudFormation reads it, and, for one set of parameter
 * values, evaluated as it would deploy: the intrinsic functions the templates use ({@code Ref},
 * {@code Fn::Sub}, {@code Fn::If}, {@code Fn::Equals}, {@code Fn::Not}) resolved, {@code AWS::NoValue}
 * dropped.
 */
final class CloudFormationTemplate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private CloudFormationTemplate() {}

    /**
     * The template in CloudFormation's JSON form: the short tags ({@code !Ref}, {@code !Sub},
     * {@code !If}, {@code !GetAtt} ...) become {@code {"Ref": ...}}, {@code {"Fn::Sub": ...}} and so on.
     */
    static JsonNode read(Path file) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            JsonNode template = read(parser);
            assertThat(parser.nextToken()).as("one YAML document").isNull();
            return template;
        }
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        String tag = parser.getTypeId() == null ? null : parser.getTypeId().toString();
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String name = parser.currentName();
                    parser.nextToken();
                    assertThat(object.has(name)).as("duplicate key " + name).isFalse();
                    object.set(name, read(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new AssertionError("unexpected " + parser.currentToken());
        };
        if (tag == null) {
            return value;
        }
        ObjectNode intrinsic = NODES.objectNode();
        switch (tag) {
            case "Ref", "Condition" -> intrinsic.set(tag, value);
            case "GetAtt" -> {
                if (value.isTextual()) {
                    String[] parts = value.asText().split("\\.", 2);
                    intrinsic.set("Fn::GetAtt", NODES.arrayNode().add(parts[0]).add(parts[1]));
                } else {
                    intrinsic.set("Fn::GetAtt", value);
                }
            }
            default -> intrinsic.set("Fn::" + tag, value);
        }
        return intrinsic;
    }

    /** A deployment of a template: its parameters (defaults filled in) and the pseudo parameters of a place. */
    record Deployment(JsonNode template, Map<String, String> values) {

        /**
         * @param given parameter values; the others take their {@code Default}, and a parameter with
         *     neither fails the test as CloudFormation would fail the stack
         */
        static Deployment of(JsonNode template, Map<String, String> given, String partition, String accountId) {
            Map<String, String> values = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Parameters").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> parameter = it.next();
                String value = given.containsKey(parameter.getKey()) ? given.get(parameter.getKey())
                        : parameter.getValue().has("Default") ? parameter.getValue().get("Default").asText() : null;
                assertThat(value).as("parameter " + parameter.getKey() + " has no value").isNotNull();
                JsonNode allowed = parameter.getValue().path("AllowedValues");
                if (allowed.isArray()) {
                    assertThat(allowed).as(parameter.getKey()).extracting(JsonNode::asText).contains(value);
                }
                if (parameter.getValue().has("AllowedPattern")) {
                    assertThat(value).as(parameter.getKey()).matches(parameter.getValue().get("AllowedPattern").asText());
                }
                values.put(parameter.getKey(), value);
            }
            assertThat(given.keySet()).as("unknown parameters").isSubsetOf(values.keySet());
            values.put("AWS::Partition", partition);
            values.put("AWS::AccountId", accountId);
            values.put("AWS::URLSuffix", partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com");
            return new Deployment(template, values);
        }

        boolean condition(String name) {
            JsonNode condition = template.path("Conditions").get(name);
            assertThat(condition).as("condition " + name).isNotNull();
            return evaluate(condition).asBoolean();
        }

        /** Whether a resource or output with a {@code Condition} is created here. */
        boolean created(JsonNode resource) {
            return !resource.has("Condition") || condition(resource.get("Condition").asText());
        }

        /** The node as deployed; {@code null} for {@code AWS::NoValue}. */
        JsonNode evaluate(JsonNode node) {
            if (node.isObject() && node.size() == 1) {
                String function = node.fieldNames().next();
                JsonNode argument = node.get(function);
                switch (function) {
                    case "Ref" -> {
                        if (argument.asText().equals("AWS::NoValue")) {
                            return null;
                        }
                        if (template.path("Resources").has(argument.asText())) {
                            return node;
                        }
                        assertThat(values).as("Ref " + argument.asText()).containsKey(argument.asText());
                        return NODES.textNode(values.get(argument.asText()));
                    }
                    case "Fn::Sub" -> {
                        return NODES.textNode(substitute(argument));
                    }
                    case "Fn::If" -> {
                        return evaluate(condition(argument.get(0).asText()) ? argument.get(1) : argument.get(2));
                    }
                    case "Fn::Equals" -> {
                        return NODES.booleanNode(evaluate(argument.get(0)).asText().equals(evaluate(argument.get(1)).asText()));
                    }
                    case "Fn::Not" -> {
                        return NODES.booleanNode(!evaluate(argument.get(0)).asBoolean());
                    }
                    case "Condition" -> {
                        return NODES.booleanNode(condition(argument.asText()));
                    }
                    default -> {
                        // Fn::GetAtt and the like are known only once deployed: kept as written
                    }
                }
            }
            if (node.isObject()) {
                ObjectNode copy = NODES.objectNode();
                node.fields().forEachRemaining(e -> {
                    JsonNode value = evaluate(e.getValue());
                    if (value != null) {
                        copy.set(e.getKey(), value);
                    }
                });
                return copy;
            }
            if (node.isArray()) {
                ArrayNode copy = NODES.arrayNode();
                node.forEach(n -> {
                    JsonNode value = evaluate(n);
                    if (value != null) {
                        copy.add(value);
                    }
                });
                return copy;
            }
            return node;
        }

        private String substitute(JsonNode argument) {
            String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
            Map<String, String> local = new HashMap<>(values);
            if (argument.isArray()) {
                argument.get(1).fields().forEachRemaining(e -> local.put(e.getKey(), evaluate(e.getValue()).asText()));
            }
            Matcher variable = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (variable.find()) {
                assertThat(local).as("${" + variable.group(1) + "}").containsKey(variable.group(1));
                variable.appendReplacement(out, Matcher.quoteReplacement(local.get(variable.group(1))));
            }
            variable.appendTail(out);
            return out.toString();
        }
    }
}

package dev.eksrole.testing.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation of policy documents and evaluation of role trust policies for {@code sts:AssumeRole}. */
final class PolicyDocuments {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyDocuments() {
    }

    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw AwsError.malformedPolicy("Syntax errors in policy.");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw AwsError.malformedPolicy("Syntax errors in policy.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw AwsError.malformedPolicy("This policy contains invalid Json");
        }
    }

    /** Rejects what IAM rejects in a role trust policy, as far as the fake cares. */
    static void validateTrust(String json) {
        JsonNode doc = parse(json);
        JsonNode statements = doc.get("Statement");
        if (statements == null || statements.isNull()
                || (statements.isArray() && statements.isEmpty())
                || !(statements.isArray() || statements.isObject())) {
            throw AwsError.malformedPolicy("Missing required field Statement");
        }
        for (JsonNode s : statements(doc)) {
            if (!s.isObject()) {
                throw AwsError.malformedPolicy("Syntax errors in policy.");
            }
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw AwsError.malformedPolicy("Invalid effect: " + effect);
            }
            if (!s.has("Principal") && !s.has("NotPrincipal")) {
                throw AwsError.malformedPolicy("Missing required field Principal");
            }
            if (!s.has("Action") && !s.has("NotAction")) {
                throw AwsError.malformedPolicy("Missing required field Action");
            }
            if (s.has("Resource")) {
                throw AwsError.malformedPolicy("Has prohibited field Resource");
            }
        }
    }

    /**
     * Whether the trust policy lets {@code caller} perform {@code sts:AssumeRole}: some Allow statement
     * matches and no Deny statement does.
     *
     * @param context condition keys (lower case, e.g. {@code sts:externalid}) with their request values
     */
    static boolean allowsAssumeRole(String trustJson, Identity caller, Map<String, String> context) {
        JsonNode doc;
        try {
            doc = parse(trustJson);
        } catch (AwsError e) {
            return false;
        }
        boolean allowed = false;
        for (JsonNode s : statements(doc)) {
            if (!s.isObject() || !principalMatches(s, caller) || !actionMatches(s, "sts:AssumeRole")
                    || !conditionsHold(s.get("Condition"), context)) {
                continue;
            }
            String effect = s.path("Effect").asText("");
            if (effect.equals("Deny")) {
                return false;
            }
            if (effect.equals("Allow")) {
                allowed = true;
            }
        }
        return allowed;
    }

    /** What an identity-based policy says about one request. */
    enum Decision { ALLOW, IMPLICIT_DENY, EXPLICIT_DENY }

    /**
     * Evaluates an identity-based policy (no Principal) for an action on a resource: a matching Deny
     * wins, else a matching Allow allows, else the request is implicitly denied.
     */
    static Decision evaluateIdentityPolicy(String policyJson, String action, String resource, Map<String, String> context) {
        JsonNode doc = parse(policyJson);
        Decision decision = Decision.IMPLICIT_DENY;
        for (JsonNode s : statements(doc)) {
            if (!s.isObject() || !actionMatches(s, action) || !resourceMatches(s, resource)
                    || !conditionsHold(s.get("Condition"), context)) {
                continue;
            }
            String effect = s.path("Effect").asText("");
            if (effect.equals("Deny")) {
                return Decision.EXPLICIT_DENY;
            }
            if (effect.equals("Allow")) {
                decision = Decision.ALLOW;
            }
        }
        return decision;
    }

    private static boolean resourceMatches(JsonNode statement, String resource) {
        if (statement.has("NotResource")) {
            return strings(statement.get("NotResource")).stream().noneMatch(r -> arnLike(r, resource));
        }
        return strings(statement.get("Resource")).stream().anyMatch(r -> arnLike(r, resource));
    }

    /**
     * IAM's ARN matching: each of the six colon-separated parts is matched on its own, case-sensitively,
     * with {@code *} and {@code ?} as wildcards within the part ({@code *} alone matches any ARN).
     */
    static boolean arnLike(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] wanted = pattern.split(":", 6);
        String[] actual = arn.split(":", 6);
        if (wanted.length != 6 || actual.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!wildcard(wanted[i], actual[i], false)) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> statements(JsonNode doc) {
        JsonNode statements = doc.get("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (statements == null) {
            return out;
        }
        if (statements.isArray()) {
            statements.forEach(out::add);
        } else {
            out.add(statements);
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static boolean principalMatches(JsonNode statement, Identity caller) {
        if (statement.has("NotPrincipal")) {
            return false;
        }
        JsonNode principal = statement.get("Principal");
        if (principal == null) {
            return false;
        }
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        if (!principal.isObject()) {
            return false;
        }
        List<String> accepted = List.of(
                "*",
                caller.accountId(),
                "arn:" + caller.partition() + ":iam::" + caller.accountId() + ":root",
                caller.principalArn(),
                caller.arn());
        for (String p : strings(principal.get("AWS"))) {
            if (accepted.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean actionMatches(JsonNode statement, String action) {
        if (statement.has("NotAction")) {
            for (String a : strings(statement.get("NotAction"))) {
                if (wildcard(a, action, true)) {
                    return false;
                }
            }
            return true;
        }
        for (String a : strings(statement.get("Action"))) {
            if (wildcard(a, action, true)) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        if (condition == null || condition.isNull()) {
            return true;
        }
        if (!condition.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> op : condition.properties()) {
            if (!op.getValue().isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                String actual = context.get(key.getKey().toLowerCase(Locale.ROOT));
                if (!operatorHolds(op.getKey(), actual, strings(key.getValue()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean operatorHolds(String operator, String actual, List<String> expected) {
        String op = operator;
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
            if (actual == null) {
                return true;
            }
        }
        switch (op) {
            case "Null":
                return expected.stream().anyMatch(e -> Boolean.parseBoolean(e) == (actual == null));
            case "StringEquals":
            case "ArnEquals":
                return actual != null && expected.contains(actual);
            case "StringEqualsIgnoreCase":
                return actual != null && expected.stream().anyMatch(actual::equalsIgnoreCase);
            case "StringLike":
                return actual != null && expected.stream().anyMatch(e -> wildcard(e, actual, false));
            case "ArnLike":
                return actual != null && expected.stream().anyMatch(e -> arnLike(e, actual));
            case "StringNotEquals":
            case "ArnNotEquals":
                return actual == null || !expected.contains(actual);
            case "StringNotEqualsIgnoreCase":
                return actual == null || expected.stream().noneMatch(actual::equalsIgnoreCase);
            case "StringNotLike":
            case "ArnNotLike":
                return actual == null || expected.stream().noneMatch(e -> wildcard(e, actual, false));
            default:
                return false;
        }
    }

    /** IAM wildcard match: {@code *} any run of characters, {@code ?} exactly one. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        return Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }
}

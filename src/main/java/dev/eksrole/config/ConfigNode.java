package dev.eksrole.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node of the YAML config with its key path, e.g. {@code accounts[1].roleArn}: every value is read
 * through here, so that every error names the key it is about.
 */
record ConfigNode(JsonNode json, String path) {

    boolean isMissing() {
        return json == null || json.isMissingNode() || json.isNull();
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigNode child(String key) {
        return new ConfigNode(isMissing() ? null : json.get(key), path(key));
    }

    Iterator<Map.Entry<String, JsonNode>> fields() {
        return isMissing() ? List.<Map.Entry<String, JsonNode>>of().iterator() : json.fields();
    }

    void requireObject() throws ConfigException {
        if (!isMissing() && !json.isObject()) {
            throw new ConfigException(path.isEmpty() ? null : path, "must be a mapping of keys to values");
        }
    }

    void allowOnly(List<String> keys) throws ConfigException {
        requireObject();
        Set<String> known = Set.copyOf(keys);
        for (Iterator<String> it = isMissing() ? List.<String>of().iterator() : json.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException(path(key), "unknown key; expected one of " + String.join(", ", keys));
            }
        }
    }

    String requiredString(String key) throws ConfigException {
        String value = string(key, null, null, null);
        if (value == null) {
            throw new ConfigException(path(key), "missing");
        }
        return value;
    }

    String string(String key, String fallback, Pattern pattern, String expected) throws ConfigException {
        JsonNode value = isMissing() ? null : json.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new ConfigException(path(key), "must be a single value");
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            throw new ConfigException(path(key), "must not be empty");
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            throw new ConfigException(path(key), "'" + text + "' is not valid; expected " + expected);
        }
        return text;
    }

    List<String> strings(String key, Pattern pattern, String expected) throws ConfigException {
        JsonNode value = isMissing() ? null : json.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigException(path(key), "must be a list, e.g. [" + (expected == null ? "a, b" : "...") + "]");
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String text = item.isValueNode() && !item.isNull() ? item.asText().strip() : "";
            if (text.isEmpty() || (pattern != null && !pattern.matcher(text).matches())) {
                throw new ConfigException(path(key) + "[" + i + "]", "'" + text + "' is not valid; expected "
                        + (expected == null ? "a non-empty string" : expected));
            }
            list.add(text);
        }
        return list;
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
        JsonNode value = isMissing() ? null : json.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new ConfigException(path(key), "must be true or false");
        }
        return value.asBoolean();
    }

    int integer(String key, int fallback, int min, int max, String whyMax) throws ConfigException {
        JsonNode value = isMissing() ? null : json.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ConfigException(path(key), "must be a whole number from " + min + " to " + max);
        }
        int number = value.asInt();
        if (number < min) {
            throw new ConfigException(path(key), "must be at least " + min);
        }
        if (number > max) {
            throw new ConfigException(path(key), "at most " + max + ": " + whyMax);
        }
        return number;
    }

    Duration duration(String key, Duration fallback, Duration max, String whyMax) throws ConfigException {
        String text = string(key, null, null, null);
        if (text == null) {
            return fallback;
        }
        Duration parsed = parseDuration(text);
        if (parsed == null || parsed.isNegative() || parsed.isZero()) {
            throw new ConfigException(path(key), "'" + text + "' is not a duration; write e.g. 30m, 2h or PT45M");
        }
        if (parsed.compareTo(max) > 0) {
            throw new ConfigException(path(key), "at most " + (max.toDays() > 0 ? max.toDays() + " days" : max.toMinutes()
                    + " minutes") + ": " + whyMax);
        }
        return parsed;
    }

    /** {@code 45s}, {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT45M}); {@code null} when it is none of them. */
    static Duration parseDuration(String text) {
        var simple = Pattern.compile("(\\d+)\\s*(s|m|h|d)").matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            if (simple.group(1).length() > 9) {
                return null;
            }
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

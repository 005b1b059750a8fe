package dev.eksrole.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One Web API request as the stand-in received it, whatever it answered.
 *
 * @param method the method name, e.g. {@code chat.postMessage}
 * @param params form or JSON parameters (JSON-string {@code blocks} / {@code attachments} parsed); a
 *               {@code token} body parameter is moved to {@link #token()}
 * @param token the bearer token presented, or null; kept out of {@link #toString()}
 * @param contentType the request's content type, or null
 * @param at when it arrived
 */
public record ApiCall(String method, ObjectNode params, String token, String contentType, Instant at) {

    /** A parameter as text, or null when absent. */
    public String param(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    public boolean hasToken(String expected) {
        return expected != null && expected.equals(token);
    }

    @Override
    public String toString() {
        return "ApiCall[method=" + method + ", params=" + params + ", token=" + SlackJson.redact(token)
                + ", contentType=" + contentType + ", at=" + at + "]";
    }
}

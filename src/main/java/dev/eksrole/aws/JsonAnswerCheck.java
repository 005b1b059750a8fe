package dev.eksrole.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * {@link AnswerCheck} for REST-JSON services (EKS): a successful HTTP answer must be one whole JSON object.
 * The SDK reads an empty body, a proxy's HTML page or a cut-off document as an answer without members,
 * and an empty list of clusters or node groups is a fact the rules would judge. (An object without the
 * member the operation must give is the reader's to refuse.)
 */
final class JsonAnswerCheck implements ExecutionInterceptor {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        if (!context.httpResponse().isSuccessful()) {
            return body;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        byte[] bytes;
        try (InputStream in = body.orElseGet(InputStream::nullInputStream)) {
            bytes = in.readNBytes(AnswerCheck.MAX_BODY + 1);
        } catch (IOException e) {
            throw SdkClientException.create(service + " " + operation + ": the answer was cut off (" + e.getMessage() + ")", e);
        }
        String problem = problem(bytes);
        if (problem != null) {
            String type = context.httpResponse().firstMatchingHeader("Content-Type").orElse("no content type");
            throw SdkClientException.create(service + " answered " + operation + " with " + problem + " (HTTP "
                    + context.httpResponse().statusCode() + ", " + type + ", " + bytes.length + " bytes), not its answer");
        }
        return Optional.of(new ByteArrayInputStream(bytes));
    }

    /** What is wrong with a 2xx body, or {@code null} when it is a whole JSON object. */
    static String problem(byte[] bytes) {
        if (bytes.length == 0) {
            return "an empty body";
        }
        if (bytes.length > AnswerCheck.MAX_BODY) {
            return "a body over " + (AnswerCheck.MAX_BODY >> 20) + " MB";
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            return "a body that is not JSON or is cut short";
        }
        return node != null && node.isObject() ? null : "JSON that is not an object";
    }
}

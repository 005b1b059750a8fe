package dev.eksrole.aws;

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
 * Reads each successful HTTP answer whole (up to {@link #MAX_BODY}) and refuses it, as a failed call the retry
 * strategy knows, when {@link #problem} finds it is not the operation's answer; the SDK then parses the same bytes.
 */
abstract class WholeAnswers implements ExecutionInterceptor {

    /** IAM's largest answers (a page of 1,000 roles with their trusts) are a few megabytes. */
    static final int MAX_BODY = 32 << 20;

    /** What is wrong with a 2xx body of {@code operation}, or {@code null} when it is the operation's whole answer. */
    abstract String problem(String operation, byte[] bytes);

    /** What is wrong with the size of a 2xx body whatever its format (empty, or over {@link #MAX_BODY}), or {@code null}. */
    static String sizeProblem(byte[] bytes) {
        if (bytes.length == 0) {
            return "an empty body";
        }
        if (bytes.length > MAX_BODY) {
            return "a body over " + (MAX_BODY >> 20) + " MB";
        }
        return null;
    }

    @Override
    public final Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        if (!context.httpResponse().isSuccessful()) {
            return body;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        byte[] bytes;
        try (InputStream in = body.orElseGet(InputStream::nullInputStream)) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            // a connection cut mid-answer: an I/O failure the retry strategy knows
            throw SdkClientException.create(service + " " + operation + ": the answer was cut off (" + e.getMessage() + ")", e);
        }
        String problem = problem(operation, bytes);
        if (problem != null) {
            String type = context.httpResponse().firstMatchingHeader("Content-Type").orElse("no content type");
            throw SdkClientException.create(service + " answered " + operation + " with " + problem + " (HTTP "
                    + context.httpResponse().statusCode() + ", " + type + ", " + bytes.length + " bytes), not its answer");
        }
        return Optional.of(new ByteArrayInputStream(bytes));
    }
}

package dev.eksrole.aws;

import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Watches one STS client's calls so that a failure can be named for what it is: a request that went
 * out and got no answer (as against credentials that could not even be loaded to sign it), and an
 * answer that claims success but carries no credentials, on which the SDK's AssumeRole provider would
 * otherwise fail with a NullPointerException. Remembers where STS was called, for the message.
 */
final class StsCallWatch implements ExecutionInterceptor {

    private static final ExecutionAttribute<URI> SENT_TO = new ExecutionAttribute<>("eksrole.stsSentTo");

    private volatile String lastEndpoint;

    /** Where this client sent its last request ({@code https://sts.us-east-1.amazonaws.com}), or {@code null}. */
    String lastEndpoint() {
        return lastEndpoint;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        URI uri = context.httpRequest().getUri();
        URI endpoint = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        attributes.putAttribute(SENT_TO, endpoint);
        lastEndpoint = endpoint.toString();
    }

    @Override
    public software.amazon.awssdk.core.SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof AssumeRoleResponse answer && !complete(answer.credentials())) {
            throw new StsCallException(StsCallException.Kind.ANSWER_WITHOUT_CREDENTIALS, endpoint(attributes),
                    answer.credentials() == null ? "the answer has no Credentials" : "the answer's Credentials are incomplete",
                    null);
        }
        return context.response();
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        URI sentTo = attributes.getAttribute(SENT_TO);
        if (sentTo == null || failure instanceof AwsServiceException || causedByWatch(failure)) {
            return failure;
        }
        if (failure.getClass() != SdkClientException.class) {
            // the SDK requires each interceptor to return the class it was given; its subclasses (timeouts) speak for themselves
            return failure;
        }
        boolean answered = context.httpResponse().isPresent();
        StsCallException named = null;
        if (answered && context.httpResponse().get().isSuccessful()) {
            named = new StsCallException(StsCallException.Kind.ANSWER_WITHOUT_CREDENTIALS, sentTo.toString(),
                    "the answer could not be read: " + rootMessage(failure), failure);
        } else if (!answered && hasIoCause(failure)) {
            named = new StsCallException(StsCallException.Kind.UNREACHABLE, sentTo.toString(), rootMessage(failure), failure);
        }
        return named == null ? failure : SdkClientException.create(failure.getMessage(), named);
    }

    private String endpoint(ExecutionAttributes attributes) {
        URI sentTo = attributes.getAttribute(SENT_TO);
        return sentTo == null ? lastEndpoint : sentTo.toString();
    }

    private static boolean complete(Credentials credentials) {
        return credentials != null && credentials.accessKeyId() != null && credentials.secretAccessKey() != null
                && credentials.sessionToken() != null;
    }

    /** The SDK wraps what {@link #modifyResponse} throws; such a failure is already named. */
    private static boolean causedByWatch(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StsCallException) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasIoCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, e.g. "Connection refused" or "sts.example.invalid" for an unknown host. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String kind = root instanceof java.net.UnknownHostException ? "unknown host "
                : root instanceof java.net.SocketTimeoutException ? "timed out: " : "";
        // Apache's "Connect to http://host:port failed: Connection refused" names the endpoint said elsewhere
        String said = message == null ? root.getClass().getSimpleName() : message.replaceFirst("^Connect to \\S+ failed: ", "");
        return kind + said;
    }

    /**
     * An STS call that went out and failed in a way the SDK does not name itself. It travels as the cause
     * of the SDK's own exception: the SDK lets an interceptor change an exception's message and cause,
     * not its class.
     */
    static final class StsCallException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        enum Kind { UNREACHABLE, ANSWER_WITHOUT_CREDENTIALS }

        private final Kind kind;
        private final String endpoint;
        private final String what;

        StsCallException(Kind kind, String endpoint, String what, Throwable cause) {
            super("STS at " + endpoint + ": " + what, cause);
            this.kind = kind;
            this.endpoint = endpoint;
            this.what = what;
        }

        Kind kind() {
            return kind;
        }

        String endpoint() {
            return endpoint;
        }

        String what() {
            return what;
        }
    }
}

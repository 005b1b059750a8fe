package dev.eksrole.aws;

import dev.eksrole.noderole.IamWriteException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** The error code and message AWS sent, or what can be said without them; never {@code null} for the code. */
final class AwsErrors {

    private AwsErrors() {}

    /** AWS's error code, or {@code HTTP <status>} when the answer carried none (a 500 without a body, say). */
    static String code(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
    }

    /** AWS's error message, or {@code null} when it sent none. */
    static String message(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message == null || message.isBlank() ? null : message;
    }

    /** A failed write as the fix reports it: "iam:CreateRole failed: " and AWS's message, its code, or the client's own message. */
    static IamWriteException writeFailed(String service, String action, SdkException e) {
        if (e instanceof AwsServiceException answered) {
            String code = code(answered);
            String message = message(answered);
            return new IamWriteException(code, service + ":" + action + " failed: " + (message == null ? code : message), e);
        }
        return new IamWriteException("ClientError", service + ":" + action + " failed: " + e.getMessage(), e);
    }
}

package dev.eksrole.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

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
}

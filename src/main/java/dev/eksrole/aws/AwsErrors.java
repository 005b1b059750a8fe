package dev.eksrole.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The error code and message AWS sent, or what can be said without them. */
final class AwsErrors {

    private AwsErrors() {}

    /** AWS's error code; an answer without one (a load balancer's HTML page) is named by its HTTP status. */
    static String code(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
    }

    static String message(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        if (message == null || message.isBlank()) {
            return "AWS gave no error message" + (e.statusCode() >= 500 ? "; the service failed and was retried" : "");
        }
        return message;
    }
}

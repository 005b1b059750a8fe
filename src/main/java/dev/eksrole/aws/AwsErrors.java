package dev.eksrole.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The error code and message AWS sent, or what can be said without them. */
final class AwsErrors {

    private AwsErrors() {}

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
    }

    static String message(AwsServiceException e) {
        return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    }
}

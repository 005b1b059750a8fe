package dev.eksrole.testing.aws;

/** An AWS error answer: HTTP status plus the {@code <Error>} element. */
final class AwsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String type;

    AwsError(int status, String code, String message) {
        this(status, code, message, status >= 500 ? "Receiver" : "Sender");
    }

    AwsError(int status, String code, String message, String type) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.type = type;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String type() {
        return type;
    }

    static AwsError noSuchEntity(String message) {
        return new AwsError(404, "NoSuchEntity", message);
    }

    static AwsError validation(String message) {
        return new AwsError(400, "ValidationError", message);
    }

    static AwsError accessDenied(String message) {
        return new AwsError(403, "AccessDenied", message);
    }

    static AwsError invalidInput(String message) {
        return new AwsError(400, "InvalidInput", message);
    }

    static AwsError malformedPolicy(String message) {
        return new AwsError(400, "MalformedPolicyDocument", message);
    }
}

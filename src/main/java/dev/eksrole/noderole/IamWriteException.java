package dev.eksrole.noderole;

/** An IAM write failed after retries, or would not be safe. */
public final class IamWriteException extends RuntimeException {

    private final String errorCode;

    public IamWriteException(String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}

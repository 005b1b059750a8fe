package dev.eksrole.noderole;

/** An IAM read failed after the SDK's retries. */
public final class IamReadException extends RuntimeException {

    private final String action;
    private final String errorCode;
    private final String errorMessage;

    public IamReadException(String action, String errorCode, String errorMessage, Throwable cause) {
        super("iam:" + action + " failed: " + errorCode + (errorMessage == null ? "" : " (" + errorMessage + ")"), cause);
        this.action = action;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    public String action() {
        return action;
    }

    public String errorCode() {
        return errorCode;
    }

    /** The entity vanished between two reads, as happens when someone deletes a role mid-check. */
    public boolean entityMissing() {
        return "NoSuchEntity".equals(errorCode);
    }

    public Finding.IamReadFailed finding() {
        return new Finding.IamReadFailed(action, errorCode, errorMessage);
    }
}

package dev.eksrole.cli;

/** The command line parses but asks for something eksrole cannot do; the message says what would work. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}

package dev.eksrole.config;

/** What the user typed names no configured account; the message says what would. */
public final class UnknownAccountException extends Exception {
    public UnknownAccountException(String message) {
        super(message);
    }
}

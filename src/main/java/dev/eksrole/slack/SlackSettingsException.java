package dev.eksrole.slack;

/** A Slack setting is missing or malformed; the message names it and says what to set. */
public final class SlackSettingsException extends Exception {
    public SlackSettingsException(String message) {
        super(message);
    }
}

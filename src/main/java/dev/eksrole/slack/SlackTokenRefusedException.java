package dev.eksrole.slack;

/** Slack answered, and refused the bot token (auth.test said e.g. invalid_auth): a setting to fix, not an outage. */
public final class SlackTokenRefusedException extends Exception {
    public SlackTokenRefusedException(String message) {
        super(message);
    }
}

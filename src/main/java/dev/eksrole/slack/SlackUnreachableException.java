package dev.eksrole.slack;

/** Slack's Web API did not answer (network, DNS, proxy, a wrong SLACK_API_URL); the message says where eksrole looked. */
public final class SlackUnreachableException extends Exception {
    public SlackUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.eksrole.slack;

import java.util.regex.Pattern;

/**
 * The shapes of the Slack ids eksrole takes from requests and config: a kind letter, then upper-case letters and
 * digits (https://api.slack.com/changelog/2016-08-11-user-id-format-changes: users are {@code U…} or {@code W…}).
 * Ids today are 9 to 12 characters; Slack lets them grow, so up to {@value #MAX_LENGTH} are taken. Anything else is
 * not an id Slack gave: it never reaches a mention, a Web API call or the audit trail.
 */
public enum SlackIdShape {
    USER("user", "[UW]"),
    TEAM("team", "T"),
    ENTERPRISE("enterprise", "E"),
    CHANNEL("channel", "[CDG]"),
    USERGROUP("user group", "S");

    /** The longest id taken: far above today's ids, far below what would bloat a log line or a database row. */
    public static final int MAX_LENGTH = 32;

    private final String noun;
    private final Pattern pattern;

    SlackIdShape(String noun, String kind) {
        this.noun = noun;
        this.pattern = Pattern.compile(kind + "[A-Z0-9]{2," + (MAX_LENGTH - 1) + "}");
    }

    public boolean matches(String id) {
        return id != null && id.length() <= MAX_LENGTH && pattern.matcher(id).matches();
    }

    /** What the id names, for messages: {@code user}, {@code team}... */
    public String noun() {
        return noun;
    }
}

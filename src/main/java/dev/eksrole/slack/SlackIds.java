package dev.eksrole.slack;

/** The command, action and block ids the bot uses, in one place. */
public final class SlackIds {

    public static final String COMMAND = "/eksrole";

    /** Button action ids are {@code <action>:<plan id>}: unique within a message, opaque to Slack. */
    public static final String FIX = "fix";
    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";
    public static final String RESUME = "resume";
    public static final String RECHECK = "recheck";

    public static String actionId(String action, String planId) {
        return action + ":" + planId;
    }

    /** Matches the action ids of one kind of button. */
    public static java.util.regex.Pattern actionPattern(String action) {
        return java.util.regex.Pattern.compile("^" + action + ":[A-Za-z0-9-]+$");
    }

    private SlackIds() {}
}

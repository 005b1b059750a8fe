package dev.eksrole.slack;

/** The command, action and block ids the bot uses, in one place. */
public final class SlackIds {

    public static final String COMMAND = "/eksrole";

    private SlackIds() {}
}

package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.bolt.response.Response;

/**
 * One verb of {@code /eksrole}: its name, its argument as help shows it ({@code ""} for none), what it does, and
 * how it answers. The verbs are registered in {@link Subcommands#ALL}, and the help is written from that list.
 */
record Subcommand(String name, String argument, String summary, Answer answer) {

    Subcommand {
        requireNonNull(name, "name");
        requireNonNull(argument, "argument");
        requireNonNull(summary, "summary");
        requireNonNull(answer, "answer");
    }

    /** Answers one invocation; it acknowledges within Slack's 3 seconds and hands any AWS work to the executor. */
    @FunctionalInterface
    interface Answer {
        Response answer(Asked asked);
    }

    /** The help's line for this verb: {@code `/eksrole check <account>` · what it does}. */
    Mrkdwn helpLine(Mrkdwn command) {
        Mrkdwn usage = argument.isEmpty()
                ? Mrkdwn.of("`{} {}`", command, name)
                : Mrkdwn.of("`{} {} {}`", command, name, argument);
        return Mrkdwn.of("{} · {}", usage, summary);
    }
}

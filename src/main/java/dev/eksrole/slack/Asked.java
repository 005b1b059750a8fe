package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import java.util.List;

/**
 * One {@code /eksrole} invocation as a verb sees it: the command as typed, its words (the verb first), who asked
 * where, what the verbs work with, and the ways to answer the asker alone.
 */
record Asked(String command, List<String> words, SlashCommandPayload payload, SlashCommandContext context,
        Subcommands.Services services) {

    Asked {
        requireNonNull(command, "command");
        words = List.copyOf(words);
        requireNonNull(payload, "payload");
        requireNonNull(context, "context");
        requireNonNull(services, "services");
    }

    /** How many words follow the verb. */
    int argumentCount() {
        return Math.max(0, words.size() - 1);
    }

    /** The first word after the verb. */
    String argument() {
        return words.get(1);
    }

    /** The asker's answer: mrkdwn, so what they typed is in it only escaped. */
    Response reply(Mrkdwn text) {
        return context.ack(text.text());
    }

    /** A whole message for the asker alone. */
    Response show(SlackMessage message) {
        return context.ack(r -> r.responseType("ephemeral").text(message.text()).blocks(message.blocks()));
    }

    /** What went wrong, followed by how to use {@code /eksrole}. */
    Response usage(Mrkdwn problem) {
        return reply(HelpMessages.usage(command, problem));
    }
}

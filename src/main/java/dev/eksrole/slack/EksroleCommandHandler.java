package dev.eksrole.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.store.AuditLog;
import dev.eksrole.watch.DriftWatch;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * {@code /eksrole}: hands each invocation to its verb in {@link Subcommands#ALL}, no verb meaning help. Everything
 * the asker typed wrong is answered only to them.
 */
public final class EksroleCommandHandler implements SlashCommandHandler {

    private final Subcommands.Services services;

    @Inject
    public EksroleCommandHandler(AccountDirectory accounts, CheckExecutor executor, SlackCheck check, AuditLog audit, SlackScan scan,
            DriftWatch watch) {
        this.services = new Subcommands.Services(accounts, executor, check, scan, audit, watch);
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext context) {
        SlashCommandPayload payload = request.getPayload();
        String command = payload.getCommand() == null ? SlackIds.COMMAND : payload.getCommand();
        String text = payload.getText() == null ? "" : payload.getText().strip();
        List<String> words = text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        Asked asked = new Asked(command, words, payload, context, services);
        Optional<Subcommand> verb = Subcommands.of(text);
        if (verb.isEmpty()) {
            return asked.usage(Mrkdwn.of("I don't know {}.", Mrkdwn.echo(words.get(0))));
        }
        return verb.get().answer().answer(asked);
    }
}

package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.eksrole.fix.FixWorkflow;
import java.util.List;

/**
 * A button that names a plan: acknowledged at once, the work handed to the executor. Only the plan
 * id is taken from the click (and who clicked, which Slack signs); the rest is read from the store.
 */
abstract class PlanButtonHandler implements BlockActionHandler {

    private final CheckExecutor executor;
    private final ChannelPoster poster;

    PlanButtonHandler(CheckExecutor executor, ChannelPoster poster) {
        this.executor = requireNonNull(executor, "executor");
        this.poster = requireNonNull(poster, "poster");
    }

    abstract void handle(String planId, FixWorkflow.Click click);

    @Override
    public Response apply(BlockActionRequest request, ActionContext context) {
        BlockActionPayload payload = request.getPayload();
        if (payload.getActions() == null || payload.getActions().isEmpty() || payload.getUser() == null) {
            return context.ack();
        }
        String planId = payload.getActions().get(0).getValue();
        String channelId = payload.getChannel() != null ? payload.getChannel().getId()
                : payload.getContainer() == null ? null : payload.getContainer().getChannelId();
        String messageTs = payload.getContainer() == null ? null : payload.getContainer().getMessageTs();
        FixWorkflow.Click click = new FixWorkflow.Click(payload.getUser().getId(), channelId, messageTs, payload.getResponseUrl());
        if (planId == null || !planId.matches("[A-Za-z0-9-]{1,64}")) {
            return context.ack();
        }
        if (!executor.submit(() -> handle(planId, click))) {
            poster.postEphemeral(click.responseUrl(), channelId, click.userId(),
                    SlackMessage.of(Mrkdwn.of("eksrole is busy right now; press the button again in a minute.")));
        }
        return context.ack();
    }
}

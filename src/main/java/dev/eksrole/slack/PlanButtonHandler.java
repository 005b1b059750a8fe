package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.eksrole.fix.ApplyProgress;
import dev.eksrole.fix.FixOutcome;

/**
 * A button that names a plan, and the step of the fix workflow it runs: acknowledged at once, the step run on the
 * executor and its outcome presented. Only the plan id is taken from the click (and who clicked, which Slack signs);
 * the rest is read from the store.
 */
final class PlanButtonHandler implements BlockActionHandler {

    /** A step of the workflow on a plan, by whom; told as an apply starts. */
    @FunctionalInterface
    interface Step {
        FixOutcome run(String planId, String userId, ApplyProgress progress);
    }

    /** A step that does not apply anything. */
    @FunctionalInterface
    interface Decision {
        FixOutcome run(String planId, String userId);
    }

    private final String action;
    private final Step step;
    private final CheckExecutor executor;
    private final ChannelPoster poster;
    private final FixPresenter presenter;

    PlanButtonHandler(String action, Step step, CheckExecutor executor, ChannelPoster poster, FixPresenter presenter) {
        this.action = requireNonNull(action, "action");
        this.step = requireNonNull(step, "step");
        this.executor = requireNonNull(executor, "executor");
        this.poster = requireNonNull(poster, "poster");
        this.presenter = requireNonNull(presenter, "presenter");
    }

    /** The action of the button ({@link SlackIds#APPROVE}...): its action ids are this, a colon and the plan id. */
    String action() {
        return action;
    }

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
        Click click = new Click(payload.getUser().getId(), channelId, messageTs, payload.getResponseUrl());
        if (planId == null || !planId.matches("[A-Za-z0-9-]{1,64}")) {
            return context.ack();
        }
        if (!executor.submit(() -> presenter.present(step.run(planId, click.userId(), started -> presenter.present(started, click)),
                click))) {
            poster.postEphemeral(click.responseUrl(), channelId, click.userId(),
                    SlackMessage.of(Mrkdwn.of("eksrole is busy right now; press the button again in a minute.")));
        }
        return context.ack();
    }
}

package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.bolt.App;
import dev.eksrole.fix.FixWorkflow;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** Every button that names a plan, and the step of the fix workflow it runs: one line each. */
public final class PlanButtons {

    private final List<PlanButtonHandler> handlers;

    @Inject
    public PlanButtons(FixWorkflow workflow, CheckExecutor executor, ChannelPoster poster, FixPresenter presenter) {
        requireNonNull(workflow, "workflow");
        Buttons buttons = new Buttons(executor, poster, presenter);
        handlers = List.of(
                buttons.deciding(SlackIds.FIX, workflow::request),
                buttons.applying(SlackIds.APPROVE, workflow::approve),
                buttons.deciding(SlackIds.REJECT, workflow::reject),
                buttons.applying(SlackIds.RESUME, workflow::resume),
                buttons.deciding(SlackIds.RECHECK, workflow::recheck));
    }

    /** Registers each button's handler for the action ids of its kind. */
    void register(App app) {
        handlers.forEach(handler -> app.blockAction(SlackIds.actionPattern(handler.action()), handler));
    }

    /** The action of every button, as the request gate recognises eksrole's own. */
    List<String> actions() {
        return handlers.stream().map(PlanButtonHandler::action).toList();
    }

    /** The button an action id names ({@code approve} for {@code approve:<plan id>}), or empty for anyone else's. */
    Optional<String> actionOf(String actionId) {
        if (actionId == null) {
            return Optional.empty();
        }
        return handlers.stream().map(PlanButtonHandler::action)
                .filter(action -> SlackIds.actionPattern(action).matcher(actionId).matches())
                .findFirst();
    }

    private record Buttons(CheckExecutor executor, ChannelPoster poster, FixPresenter presenter) {

        PlanButtonHandler applying(String action, PlanButtonHandler.Step step) {
            return new PlanButtonHandler(action, step, executor, poster, presenter);
        }

        PlanButtonHandler deciding(String action, PlanButtonHandler.Decision decision) {
            return applying(action, (planId, userId, progress) -> decision.run(planId, userId));
        }
    }
}

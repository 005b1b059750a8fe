package dev.eksrole.slack;

import dev.eksrole.fix.FixWorkflow;
import jakarta.inject.Inject;

/** Re-check, offered when a plan expired. */
public final class RecheckButtonHandler extends PlanButtonHandler {

    private final FixWorkflow flow;

    @Inject
    public RecheckButtonHandler(CheckExecutor executor, ChannelPoster poster, FixWorkflow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, FixWorkflow.Click click) {
        flow.recheck(planId, click);
    }
}

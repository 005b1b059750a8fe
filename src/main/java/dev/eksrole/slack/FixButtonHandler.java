package dev.eksrole.slack;

import dev.eksrole.fix.FixWorkflow;
import jakarta.inject.Inject;

/** Fix… under a check result: turns the offered plan into an approval request. */
public final class FixButtonHandler extends PlanButtonHandler {

    private final FixWorkflow flow;

    @Inject
    public FixButtonHandler(CheckExecutor executor, ChannelPoster poster, FixWorkflow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, FixWorkflow.Click click) {
        flow.requestFix(planId, click);
    }
}

package dev.eksrole.slack;

import dev.eksrole.fix.FixWorkflow;
import jakarta.inject.Inject;

/** The Reject button of a plan. */
public final class RejectButtonHandler extends PlanButtonHandler {

    private final FixWorkflow flow;

    @Inject
    public RejectButtonHandler(CheckExecutor executor, ChannelPoster poster, FixWorkflow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, FixWorkflow.Click click) {
        flow.reject(planId, click);
    }
}

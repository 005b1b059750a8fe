package dev.eksrole.slack;

import dev.eksrole.fix.FixWorkflow;
import jakarta.inject.Inject;

/** The Approve button of a plan. */
public final class ApproveButtonHandler extends PlanButtonHandler {

    private final FixWorkflow flow;

    @Inject
    public ApproveButtonHandler(CheckExecutor executor, ChannelPoster poster, FixWorkflow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, FixWorkflow.Click click) {
        flow.approve(planId, click);
    }
}

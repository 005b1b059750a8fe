package dev.eksrole.slack;

import jakarta.inject.Inject;

/** The Approve button of a plan. */
public final class ApproveButtonHandler extends PlanButtonHandler {

    private final ApprovalFlow flow;

    @Inject
    public ApproveButtonHandler(CheckExecutor executor, ChannelPoster poster, ApprovalFlow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, ApprovalFlow.Click click) {
        flow.approve(planId, click);
    }
}

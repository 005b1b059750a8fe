package dev.eksrole.slack;

import jakarta.inject.Inject;

/** The Reject button of a plan. */
public final class RejectButtonHandler extends PlanButtonHandler {

    private final ApprovalFlow flow;

    @Inject
    public RejectButtonHandler(CheckExecutor executor, ChannelPoster poster, ApprovalFlow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, ApprovalFlow.Click click) {
        flow.reject(planId, click);
    }
}

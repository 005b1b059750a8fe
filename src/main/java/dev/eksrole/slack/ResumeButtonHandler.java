package dev.eksrole.slack;

import jakarta.inject.Inject;

/** The Resume button of a plan. */
public final class ResumeButtonHandler extends PlanButtonHandler {

    private final ApprovalFlow flow;

    @Inject
    public ResumeButtonHandler(CheckExecutor executor, ChannelPoster poster, ApprovalFlow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, ApprovalFlow.Click click) {
        flow.resume(planId, click);
    }
}

package dev.eksrole.slack;

import jakarta.inject.Inject;

/** Fix… under a check result: turns the offered plan into an approval request. */
public final class FixButtonHandler extends PlanButtonHandler {

    private final ApprovalFlow flow;

    @Inject
    public FixButtonHandler(CheckExecutor executor, ChannelPoster poster, ApprovalFlow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, ApprovalFlow.Click click) {
        flow.requestFix(planId, click);
    }
}

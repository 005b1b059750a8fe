package dev.eksrole.slack;

import jakarta.inject.Inject;

/** Re-check, offered when a plan expired. */
public final class RecheckButtonHandler extends PlanButtonHandler {

    private final ApprovalFlow flow;

    @Inject
    public RecheckButtonHandler(CheckExecutor executor, ChannelPoster poster, ApprovalFlow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, ApprovalFlow.Click click) {
        flow.recheck(planId, click);
    }
}

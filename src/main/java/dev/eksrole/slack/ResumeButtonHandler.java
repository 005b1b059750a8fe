package dev.eksrole.slack;

import dev.eksrole.fix.FixWorkflow;
import jakarta.inject.Inject;

/** The Resume button of a plan. */
public final class ResumeButtonHandler extends PlanButtonHandler {

    private final FixWorkflow flow;

    @Inject
    public ResumeButtonHandler(CheckExecutor executor, ChannelPoster poster, FixWorkflow flow) {
        super(executor, poster);
        this.flow = flow;
    }

    @Override
    void handle(String planId, FixWorkflow.Click click) {
        flow.resume(planId, click);
    }
}

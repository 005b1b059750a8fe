package dev.eksrole.fix;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;

/**
 * The fix workflow: offers, approvers, the workflow itself, the apply heartbeat and the recovery of interrupted fixes,
 * over the store and the domain. A front end binds the two ports it answers: {@link UserGroups} and
 * {@link RequestBatches}.
 */
public final class FixModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(AuditTrail.class).in(Singleton.class);
        bind(FixOffers.class).in(Singleton.class);
        bind(Approvers.class).in(Singleton.class);
        bind(FixWorkflow.class).in(Singleton.class);
        bind(ApplyHeartbeat.Timing.class).toInstance(ApplyHeartbeat.Timing.DEFAULT);
        bind(ApplyHeartbeat.class).in(Singleton.class);
        bind(InterruptedFixes.class).in(Singleton.class);
    }
}

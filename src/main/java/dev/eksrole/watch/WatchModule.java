package dev.eksrole.watch;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;

/**
 * The drift watch over the store and the scanner; a front end binds {@link DriftPosts}, where the changes are told.
 */
public final class WatchModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(WatchTiming.class).toInstance(WatchTiming.DEFAULT);
        bind(WatchStore.class).in(Singleton.class);
        bind(DriftWatch.class).in(Singleton.class);
    }
}

package dev.eksrole.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The bot's meters: one Prometheus registry, served on {@code GET /metrics} by {@link ServedMetrics}. */
public final class MetricsModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(ServedMetrics.class).in(Singleton.class);
        bind(CheckMetrics.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry prometheus() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    Meters meters(PrometheusMeterRegistry prometheus) {
        return new Meters(prometheus);
    }
}

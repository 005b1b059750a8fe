package dev.eksrole.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Where eksrole's meters are recorded. The bot binds one backed by the Prometheus registry it serves on
 * {@code /metrics} ({@link MetricsModule}); anywhere else (the terminal commands, tests that build a few modules)
 * Guice makes this one, whose registry keeps nothing: a CLI run exposes no metrics, so recording costs nothing.
 */
@Singleton
public final class Meters {

    private final MeterRegistry registry;

    /** Records nothing: a registry with no registry behind it hands out meters that do nothing. */
    @Inject
    public Meters() {
        this(new CompositeMeterRegistry());
    }

    public Meters(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    public MeterRegistry registry() {
        return registry;
    }
}

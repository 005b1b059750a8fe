package dev.eksrole.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;

/**
 * What {@code GET /metrics} answers: the registry in Prometheus' text format, with the JVM's and the process's
 * meters (memory, GC, threads, classes, CPU, uptime, file descriptors) bound once the bot starts serving.
 */
public final class ServedMetrics implements AutoCloseable {

    /** Prometheus' text exposition format, version 0.0.4: what every Prometheus server scrapes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;

    @Inject
    public ServedMetrics(PrometheusMeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** Binds the JVM's and the process's meters; a second call does nothing. */
    public synchronized void bindJvm() {
        if (gc != null) {
            return;
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    /** Every meter, in Prometheus' text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops listening to the JVM's GC notifications. */
    @Override
    public synchronized void close() {
        if (gc != null) {
            gc.close();
        }
    }
}

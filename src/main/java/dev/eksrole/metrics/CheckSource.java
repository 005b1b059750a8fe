package dev.eksrole.metrics;

import java.util.Locale;

/** Who asked for a check: the {@code source} label of {@code eksrole_checks_total}. */
public enum CheckSource {
    SLACK,
    CLI,
    WATCH;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

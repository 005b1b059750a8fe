package dev.eksrole.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;

/** A throwable in one line, its causes after it: {@code IOException: Failed to bind; cause: BindException: Address already in use}. */
final class ThrowableSummary {

    private static final int MAX_CAUSES = 5;

    private ThrowableSummary() {}

    static String of(IThrowableProxy throwable) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (IThrowableProxy t = throwable; t != null && depth <= MAX_CAUSES; t = t.getCause(), depth++) {
            if (depth > 0) {
                text.append("; cause: ");
            }
            String name = t.getClassName();
            text.append(name.substring(name.lastIndexOf('.') + 1));
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage().replace('\n', ' ').replace('\r', ' '));
            }
            if (t.isCyclic()) {
                break;
            }
        }
        return text.toString();
    }
}

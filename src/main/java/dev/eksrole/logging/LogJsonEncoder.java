package dev.eksrole.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * Logback's JSON lines, one object per event, with a throwable's class, message and causes always and its
 * stack frames only when stack traces were asked for (DEBUG or TRACE).
 */
final class LogJsonEncoder extends JsonEncoder {

    private static final StackTraceElementProxy[] NO_FRAMES = new StackTraceElementProxy[0];

    private final boolean stackTraces;

    LogJsonEncoder(boolean stackTraces) {
        this.stackTraces = stackTraces;
        setWithContext(false);
        setWithSequenceNumber(false);
        setWithNanoseconds(false);
        setWithMessage(false);
        setWithArguments(false);
        setWithFormattedMessage(true);
    }

    @Override
    protected void appendSTEPArray(StringBuilder builder, StackTraceElementProxy[] frames, int commonFrames) {
        super.appendSTEPArray(builder, stackTraces ? frames : NO_FRAMES, stackTraces ? commonFrames : 0);
    }
}

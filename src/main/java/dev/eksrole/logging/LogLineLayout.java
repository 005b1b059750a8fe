package dev.eksrole.logging;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line per event, {@code 12:00:01.234 INFO  [main] d.e.slack.SlackBot - message}; a throwable is summed up on
 * the same line unless stack traces were asked for (DEBUG or TRACE), when the whole trace follows. Written by
 * hand rather than as a logback pattern so that start-up parses no pattern and no XML.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(24);
    private final boolean stackTraces;

    LogLineLayout(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
        String level = event.getLevel().toString();
        line.append(' ').append(level).append(" ".repeat(Math.max(0, 5 - level.length())))
                .append(" [").append(event.getThreadName()).append("] ")
                .append(abbreviator.abbreviate(event.getLoggerName())).append(" - ")
                .append(event.getFormattedMessage());
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            if (stackTraces) {
                line.append(CoreConstants.LINE_SEPARATOR).append(ThrowableProxyUtil.asString(throwable));
            } else {
                line.append(" [").append(ThrowableSummary.of(throwable)).append(']');
            }
        }
        return line.append(CoreConstants.LINE_SEPARATOR).toString();
    }
}

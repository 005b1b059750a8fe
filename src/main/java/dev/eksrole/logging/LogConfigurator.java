package dev.eksrole.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Configures logback in code from the environment ({@code EKSROLE_LOG_LEVEL}, {@code EKSROLE_LOG_FORMAT}),
 * found through {@code META-INF/services}: no XML is looked for or parsed at start. Everything goes to stderr,
 * since stdout belongs to command output ({@code check --json} prints one object there).
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        apply(context, LogSettings.fromEnvironment(System.getenv()));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void apply(LoggerContext context, LogSettings settings) {
        Encoder<ILoggingEvent> encoder;
        if (settings.json()) {
            encoder = new LogJsonEncoder(settings.stackTraces());
        } else {
            LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
            LogLineLayout layout = new LogLineLayout(settings.stackTraces());
            layout.setContext(context);
            layout.start();
            text.setLayout(layout);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
        root.setLevel(settings.root());
        context.getLogger("dev.eksrole").setLevel(settings.eksrole());
        LogSettings.LIBRARIES.forEach(name -> context.getLogger(name).setLevel(settings.libraries()));
        LogSettings.REQUEST_PRINTERS.forEach((name, floor) -> context.getLogger(name).setLevel(settings.requestPrinter(floor)));
    }
}

package dev.eksrole.logging;

import ch.qos.logback.classic.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code EKSROLE_LOG_LEVEL} and {@code EKSROLE_LOG_FORMAT} ask for. The level applies to eksrole and to
 * the two libraries whose logs explain its calls (the AWS SDK and Bolt/the Slack SDK); every other library
 * stays at WARN. Stack traces are printed only at DEBUG or TRACE: on a terminal a failure is one line.
 *
 * @param eksrole the level of {@code dev.eksrole}
 * @param libraries the level of the AWS SDK and the Slack SDK
 * @param root the level of everything else
 * @param problems what was wrong with the variables; {@code Main} logs them as it starts
 */
public record LogSettings(Level eksrole, Level libraries, Level root, boolean json, boolean stackTraces, List<String> problems) {

    public static final String LEVEL_VARIABLE = "EKSROLE_LOG_LEVEL";
    public static final String FORMAT_VARIABLE = "EKSROLE_LOG_FORMAT";
    /** The loggers that {@value #LEVEL_VARIABLE} reaches besides eksrole's own. */
    public static final List<String> LIBRARIES = List.of("software.amazon.awssdk", "com.slack.api");
    /**
     * Slack SDK and Bolt loggers that print whole requests (signed bodies with Slack's verification token and
     * response URLs, Socket Mode envelopes), with the level below which they stay at every {@value #LEVEL_VARIABLE}:
     * eksrole answers such requests before Bolt sees them, and this keeps a body out of the log should one slip by.
     */
    public static final Map<String, Level> REQUEST_PRINTERS = Map.of(
            // WARN "No request pattern detected for <body>"
            "com.slack.api.bolt.util.SlackRequestParser", Level.ERROR,
            // INFO and DEBUG lines with the ssl_check payload and headers
            "com.slack.api.bolt.middleware.builtin.SSLCheck", Level.WARN,
            // DEBUG "Request verification (timestamp, body, signature)"
            "com.slack.api.app_backend.SlackSignature", Level.INFO,
            // DEBUG "Socket Mode Request: <envelope>" and the response
            "com.slack.api.socket_mode.SocketModeClient", Level.INFO);

    public LogSettings {
        problems = List.copyOf(problems);
    }

    /** The level of a logger that prints whole requests: the libraries' level, but never below its floor. */
    public Level requestPrinter(Level floor) {
        return libraries.isGreaterOrEqual(floor) ? libraries : floor;
    }

    public static LogSettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String levelText = env.getOrDefault(LEVEL_VARIABLE, "").strip();
        Level level = levelText.isEmpty() ? Level.INFO : Level.toLevel(levelText, null);
        if (level == null) {
            problems.add(LEVEL_VARIABLE + "='" + levelText + "' is not a level; use TRACE, DEBUG, INFO, WARN, ERROR or OFF (using INFO)");
            level = Level.INFO;
        }
        String format = env.getOrDefault(FORMAT_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
        if (!format.isEmpty() && !format.equals("json") && !format.equals("text")) {
            problems.add(FORMAT_VARIABLE + "='" + format + "' is not a format; use text or json (using text)");
        }
        boolean debugging = level.toInt() <= Level.DEBUG_INT;
        // the libraries are chatty at INFO: they follow the level down to DEBUG, never below WARN otherwise
        Level quiet = level.toInt() >= Level.WARN_INT ? level : Level.WARN;
        return new LogSettings(level, debugging ? level : quiet, quiet, format.equals("json"), debugging, problems);
    }
}

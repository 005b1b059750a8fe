package dev.eksrole.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loggers of Bolt and the Slack SDK that print whole requests stay quiet at every level eksrole is given. */
class LogConfiguratorTest {

    private static LoggerContext configured(String level) {
        LoggerContext context = new LoggerContext();
        LogConfigurator.apply(context, LogSettings.fromEnvironment(level == null ? Map.of() : Map.of(LogSettings.LEVEL_VARIABLE, level)));
        return context;
    }

    @Test
    void requestPrintersKeepTheirFloorEvenAtTrace() {
        for (String level : new String[] {null, "INFO", "DEBUG", "TRACE"}) {
            LoggerContext context = configured(level);

            assertThat(context.getLogger("com.slack.api.bolt.util.SlackRequestParser").isWarnEnabled()).as(level).isFalse();
            assertThat(context.getLogger("com.slack.api.bolt.middleware.builtin.SSLCheck").isInfoEnabled()).as(level).isFalse();
            assertThat(context.getLogger("com.slack.api.app_backend.SlackSignature$Verifier").isDebugEnabled()).as(level).isFalse();
            assertThat(context.getLogger("com.slack.api.socket_mode.SocketModeClient").isDebugEnabled()).as(level).isFalse();
        }
    }

    @Test
    void theRestOfBoltStillFollowsTheLevel() {
        assertThat(configured("DEBUG").getLogger("com.slack.api.bolt.App").isDebugEnabled()).isTrue();
        assertThat(configured(null).getLogger("com.slack.api.bolt.App").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(configured("ERROR").getLogger("com.slack.api.bolt.util.SlackRequestParser").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(configured("OFF").getLogger("com.slack.api.socket_mode.SocketModeClient").getEffectiveLevel()).isEqualTo(Level.OFF);
    }
}

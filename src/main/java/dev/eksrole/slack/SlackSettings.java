package dev.eksrole.slack;

import java.net.URI;
import java.util.Map;

/**
 * The bot's Slack settings from the environment, checked at start so that a missing or malformed
 * token stops eksrole with one line that names it. Tokens never appear in {@link #toString()}.
 *
 * @param appToken the app-level token; when present the bot runs in Socket Mode
 * @param apiUrl the Web API base ending in {@code /}, or {@code null} for Slack's own
 * @param loopbackOnly whether the bot's HTTP server listens on the loopback interface only (the demo), rather than on
 *     every interface (production, where Slack must reach it)
 */
public record SlackSettings(String botToken, String signingSecret, String appToken, String apiUrl, int port, boolean loopbackOnly) {

    public static final int DEFAULT_PORT = 3000;

    public boolean socketMode() {
        return appToken != null;
    }

    public static SlackSettings fromEnvironment(Map<String, String> env) throws SlackSettingsException {
        String botToken = value(env, "SLACK_BOT_TOKEN");
        if (botToken == null) {
            throw new SlackSettingsException("SLACK_BOT_TOKEN is not set: give the bot token (xoxb-...) from the app's "
                    + "OAuth & Permissions page");
        }
        if (!botToken.startsWith("xoxb-")) {
            throw new SlackSettingsException("SLACK_BOT_TOKEN is not a bot token: it must start with xoxb-");
        }
        String appToken = value(env, "SLACK_APP_TOKEN");
        if (appToken != null && !appToken.startsWith("xapp-")) {
            throw new SlackSettingsException("SLACK_APP_TOKEN is not an app-level token: it must start with xapp- "
                    + "(unset it to run in HTTP mode)");
        }
        String signingSecret = value(env, "SLACK_SIGNING_SECRET");
        if (appToken == null && signingSecret == null) {
            throw new SlackSettingsException("SLACK_SIGNING_SECRET is not set: HTTP mode needs the app's signing secret "
                    + "(Basic Information page), or set SLACK_APP_TOKEN for Socket Mode");
        }
        if (signingSecret != null && !signingSecret.matches("[0-9a-zA-Z]{16,128}")) {
            throw new SlackSettingsException("SLACK_SIGNING_SECRET is malformed: Slack signing secrets are 32 letters and digits");
        }
        String apiUrl = value(env, "SLACK_API_URL");
        if (apiUrl != null) {
            URI uri;
            try {
                uri = URI.create(apiUrl);
            } catch (IllegalArgumentException e) {
                throw new SlackSettingsException("SLACK_API_URL is not a URL: " + e.getMessage());
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new SlackSettingsException("SLACK_API_URL must be an http(s) URL such as https://slack-gov.com/api/");
            }
            apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        }
        String portText = value(env, "PORT");
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new SlackSettingsException("PORT must be a number from 0 to 65535, not '" + portText + "'");
            }
        }
        return new SlackSettings(botToken, signingSecret, appToken, apiUrl, port, false);
    }

    /** The same settings, with the bot's HTTP server reachable from this machine only. */
    public SlackSettings onLoopbackOnly() {
        return new SlackSettings(botToken, signingSecret, appToken, apiUrl, port, true);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "SlackSettings[mode=" + (socketMode() ? "socket" : "http") + ", apiUrl=" + apiUrl + ", port=" + port + (loopbackOnly ? ", loopback only" : "") + "]";
    }
}

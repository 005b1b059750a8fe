/**
 * Local stand-ins for Slack, for tests that run the real Slack SDK and Bolt against loopback ports.
 *
 * <ul>
 *   <li>{@link dev.eksrole.testing.slack.SlackStandIn}: the Web API ({@code /api/<method>}) and response URLs.
 *       Point the SDK at it with {@code SlackConfig.setMethodsEndpointUrlPrefix(standIn.apiUrl())}.</li>
 *   <li>{@link dev.eksrole.testing.slack.SignedSlackRequests}: slash commands and block actions signed the way
 *       Slack signs them, sent to the bot's HTTP endpoint.</li>
 *   <li>{@link dev.eksrole.testing.slack.SocketModeStandIn}: a Socket Mode WebSocket server, handed out by the
 *       stand-in's {@code apps.connections.open}.</li>
 * </ul>
 *
 * <p>Typical use:
 * <pre>{@code
 * try (SlackStandIn slack = SlackStandIn.start()) {
 *     // start the bot with bot token "xoxb-test-token" and methods prefix slack.apiUrl()
 *     SignedSlackRequests requests = new SignedSlackRequests(SIGNING_SECRET, botEventsUri);
 *     String responseUrl = slack.newResponseUrl();
 *     requests.send(requests.slashCommandBody("/eksrole", "check 111111111111", "U1", "alice", "C1", responseUrl));
 *     PostedMessage reply = slack.awaitPost(p -> p.target().equals(responseUrl), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
package dev.eksrole.testing.slack;

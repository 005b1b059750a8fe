package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.eksrole.fix.AuditTrail;
import dev.eksrole.store.AuditEntry;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one check every request passes before a handler sees it, over HTTP and in Socket Mode alike (a Bolt
 * middleware): it must come from the workspace the bot signed in to, every Slack id in it must have the shape Slack
 * gives ids, and its response URL must be Slack's. A refused request is answered at once (a slash command with one
 * line only its sender sees; a click from another workspace with nothing at all, since eksrole has no business
 * talking there), logged in one line and audited under the account {@value AuditEntry#NO_ACCOUNT}; nothing else
 * happens: no AWS call, no post, no plan change. Requests eksrole has no handler for are acknowledged and dropped.
 *
 * <p>The workspace is read from the payload, never from Bolt's context: Bolt's own authorization sets the context's
 * team to the bot's before this runs.
 */
public final class RequestGate implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

    /** Slack's message timestamps, {@code 1700000000.000100}. */
    private static final Pattern MESSAGE_TS = Pattern.compile("[0-9]{1,16}\\.[0-9]{1,16}");
    private static final Pattern PLAN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:., ]{1,100}");
    /** The hosts of Slack's response URLs (https://api.slack.com/interactivity/handling#message_responses), GovSlack's too. */
    private static final Set<String> RESPONSE_URL_HOSTS = Set.of("hooks.slack.com", "hooks.slack-gov.com");
    private static final int MAX_URL_LENGTH = 2048;

    private final AuditTrail audit;
    /** eksrole's own buttons. */
    private final PlanButtons buttons;
    /** Where Web API calls go when not to Slack itself (GovSlack, a stand-in): its response URLs are on that host too. */
    private final URI apiOrigin;
    private volatile SlackWorkspace home;

    @Inject
    public RequestGate(AuditTrail audit, SlackSettings settings, PlanButtons buttons) {
        this.audit = requireNonNull(audit, "audit");
        this.buttons = requireNonNull(buttons, "buttons");
        this.apiOrigin = settings.apiUrl() == null ? null : URI.create(settings.apiUrl());
    }

    /** The workspace {@code auth.test} named at start; until then every request is refused. */
    public void signedIn(SlackWorkspace workspace) {
        this.home = requireNonNull(workspace, "workspace");
    }

    @Override
    public Response apply(Request request, Response response, MiddlewareChain chain) throws Exception {
        SlackWorkspace workspace = home;
        if (workspace == null) {
            LOG.warn("refused a {} request from {}: eksrole has not signed in to Slack yet", request.getRequestType(), origin(request));
            return Response.error(503);
        }
        if (request instanceof SlashCommandRequest command) {
            return command(command, chain, workspace);
        }
        if (request instanceof BlockActionRequest click) {
            return click(click, chain, workspace);
        }
        LOG.warn("ignored a {} request from {}: eksrole takes only {} and its own buttons", request.getRequestType(), origin(request),
                SlackIds.COMMAND);
        return Response.ok();
    }

    private Response command(SlashCommandRequest request, MiddlewareChain chain, SlackWorkspace workspace) throws Exception {
        SlashCommandPayload payload = request.getPayload();
        String kind = "slash command";
        Inbound inbound = new Inbound(kind, origin(request), payload.getUserId(), null);
        Problem problem = firstProblem(Stream.of(
                id("user_id", payload.getUserId(), SlackIdShape.USER, true),
                id("channel_id", payload.getChannelId(), SlackIdShape.CHANNEL, true),
                id("team_id", payload.getTeamId(), SlackIdShape.TEAM, true),
                id("enterprise_id", payload.getEnterpriseId(), SlackIdShape.ENTERPRISE, false),
                responseUrl(payload.getResponseUrl())));
        if (problem != null) {
            refuse(inbound, problem);
            return commandAnswer(request, problem.answer());
        }
        if (!workspace.admits(payload.getTeamId(), payload.getEnterpriseId())) {
            refuseForeign(inbound, SlackWorkspace.describe(payload.getTeamId(), payload.getEnterpriseId()), workspace);
            return commandAnswer(request, Mrkdwn.of(":no_entry: eksrole does not serve this Slack workspace; nothing was done."));
        }
        if (!SlackIds.COMMAND.equals(payload.getCommand())) {
            LOG.warn("ignored a slash command from {} that is not {}: the app's manifest names only that one", inbound.origin(),
                    SlackIds.COMMAND);
            return commandAnswer(request, Mrkdwn.of(":no_entry: eksrole answers only {}; nothing was done.", SlackIds.COMMAND));
        }
        return chain.next(request);
    }

    private Response click(BlockActionRequest request, MiddlewareChain chain, SlackWorkspace workspace) throws Exception {
        BlockActionPayload payload = request.getPayload();
        BlockActionPayload.User user = payload == null ? null : payload.getUser();
        BlockActionPayload.Team team = payload == null ? null : payload.getTeam();
        BlockActionPayload.Container container = payload == null ? null : payload.getContainer();
        List<BlockActionPayload.Action> actions = payload == null || payload.getActions() == null ? List.of() : payload.getActions();
        String action = actions.isEmpty() ? null : buttons.actionOf(actions.get(0).getActionId()).orElse(null);
        String value = actions.isEmpty() ? null : actions.get(0).getValue();
        Inbound inbound = new Inbound("block_actions" + (action == null ? "" : " " + action), origin(request),
                user == null ? null : user.getId(), value != null && PLAN_ID.matcher(value).matches() ? value : null);
        String userTeam = user == null ? null : user.getTeamId();
        String teamId = team == null ? null : team.getId();
        String enterprise = payload == null || payload.getEnterprise() == null ? null : payload.getEnterprise().getId();
        String teamEnterprise = team == null ? null : team.getEnterpriseId();
        Problem problem = firstProblem(Stream.of(
                id("user_id", inbound.userId(), SlackIdShape.USER, true),
                id("team_id", teamId, SlackIdShape.TEAM, false),
                id("team_id", userTeam, SlackIdShape.TEAM, teamId == null),
                id("enterprise_id", enterprise, SlackIdShape.ENTERPRISE, false),
                id("enterprise_id", teamEnterprise, SlackIdShape.ENTERPRISE, false),
                id("channel_id", payload == null || payload.getChannel() == null ? null : payload.getChannel().getId(),
                        SlackIdShape.CHANNEL, false),
                id("channel_id", container == null ? null : container.getChannelId(), SlackIdShape.CHANNEL, false),
                messageTs(container == null ? null : container.getMessageTs()),
                responseUrl(payload == null ? null : payload.getResponseUrl())));
        if (problem != null) {
            refuse(inbound, problem);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("response_type", "ephemeral");
            answer.put("replace_original", false);
            answer.put("text", problem.answer().text());
            return Response.json(200, answer);
        }
        String claimedEnterprise = enterprise != null ? enterprise : teamEnterprise;
        // the click's team must be ours; so must the clicker's own team (someone of another organisation in a shared
        // channel is not ours), but on Enterprise Grid a member of another workspace of the same organisation is
        boolean ours = (enterprise == null || teamEnterprise == null || enterprise.equals(teamEnterprise))
                && workspace.admits(teamId != null ? teamId : userTeam, claimedEnterprise)
                && (userTeam == null || workspace.admits(userTeam, claimedEnterprise) || workspace.organisation(claimedEnterprise));
        if (!ours) {
            String from = SlackWorkspace.describe(teamId != null ? teamId : userTeam, claimedEnterprise)
                    + (userTeam != null && teamId != null && !userTeam.equals(teamId) ? ", user of team " + userTeam : "");
            refuseForeign(inbound, from, workspace);
            return Response.ok();
        }
        if (action == null || actions.size() != 1) {
            LOG.warn("ignored a click from {} on a button that is not eksrole's", inbound.origin());
            return Response.ok();
        }
        return chain.next(request);
    }

    // ---- what is wrong ----

    /** Why a request is refused: the field at fault, and whether it was missing or malformed. */
    private record Problem(String field, String noun, boolean missing, int length) {

        Mrkdwn answer() {
            return missing
                    ? Mrkdwn.of(":no_entry: eksrole refused this request: it has no {}. Nothing was done.", field)
                    : Mrkdwn.of(":no_entry: eksrole refused this request: its {} is not a Slack {}. Nothing was done.", field, noun);
        }

        /** For the log and the audit trail: never the value itself, which may be anything. */
        String reason() {
            return missing ? "no " + field : field + " is not a Slack " + noun + " (" + length + " characters)";
        }

        String result() {
            return "refused: " + (missing ? "no " : "invalid ") + field;
        }
    }

    /** A request as the log and the audit trail name it. */
    private record Inbound(String kind, String origin, String userId, String planId) {

        /** Who to record: the sender when Slack's id for them is sound, else nobody in particular. */
        String actor() {
            return SlackIdShape.USER.matches(userId) ? userId : "-";
        }
    }

    private static Problem firstProblem(Stream<Problem> problems) {
        return problems.filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static Problem id(String field, String value, SlackIdShape shape, boolean required) {
        if (value == null || value.isEmpty()) {
            return required ? new Problem(field, shape.noun() + " id", true, 0) : null;
        }
        return shape.matches(value) ? null : new Problem(field, shape.noun() + " id", false, value.length());
    }

    private static Problem messageTs(String value) {
        return value == null || MESSAGE_TS.matcher(value).matches() ? null : new Problem("message_ts", "message timestamp", false,
                value.length());
    }

    /**
     * Replies go to the response URL a request carries: one that is not Slack's would let whoever holds the signing
     * secret make the bot post anywhere. Slack's are on its hooks hosts over HTTPS; with {@code SLACK_API_URL} set, on
     * that host too.
     */
    private Problem responseUrl(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return slackUrl(value) ? null : new Problem("response_url", "response URL", false, value.length());
    }

    boolean slackUrl(String value) {
        if (value.length() > MAX_URL_LENGTH) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        if ("https".equals(uri.getScheme()) && RESPONSE_URL_HOSTS.contains(uri.getHost()) && uri.getPort() == -1) {
            return true;
        }
        return apiOrigin != null && Objects.equals(apiOrigin.getScheme(), uri.getScheme())
                && apiOrigin.getHost().equalsIgnoreCase(uri.getHost()) && apiOrigin.getPort() == uri.getPort();
    }

    // ---- saying no ----

    private void refuse(Inbound inbound, Problem problem) {
        LOG.warn("refused a {} from {}: {}; answered, audited, nothing done", inbound.kind(), inbound.origin(), problem.reason());
        audit.record(inbound.actor(), AuditEntry.NO_ACCOUNT, null, "refuse", inbound.planId(), inbound.kind() + ": " + problem.reason(),
                problem.result());
    }

    private void refuseForeign(Inbound inbound, String from, SlackWorkspace workspace) {
        LOG.warn("refused a {} from {}: it comes from {}, and eksrole serves {}; audited, nothing done", inbound.kind(), inbound.origin(),
                from, workspace);
        audit.record(inbound.actor(), AuditEntry.NO_ACCOUNT, null, "refuse", inbound.planId(),
                inbound.kind() + " from " + from + "; eksrole serves " + workspace, "refused: another workspace");
    }

    private static Response commandAnswer(SlashCommandRequest request, Mrkdwn text) {
        return request.getContext().ack(r -> r.responseType("ephemeral").text(text.text()));
    }

    /** Where a request came from, for the log: an address, never text a sender could shape into a fake log line. */
    private static String origin(Request<?> request) {
        String address = request.getClientIpAddress();
        if (address == null || address.isEmpty()) {
            return "Socket Mode";
        }
        return ADDRESS.matcher(address).matches() ? address : "an address that is not one";
    }
}

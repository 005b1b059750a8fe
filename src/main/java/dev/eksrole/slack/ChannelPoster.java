package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.WebhookResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts messages where the asker's channel sees them: through the command's response URL (works in
 * any channel, no membership needed), else with {@code chat.postMessage}. Results with a thread need
 * the message's timestamp, which only {@code chat.postMessage} gives, so they try it first.
 */
public final class ChannelPoster {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelPoster.class);

    private final Slack slack;
    private final String botToken;
    private final Gson gson = GsonFactory.createSnakeCase();

    @Inject
    public ChannelPoster(Slack slack, SlackSettings settings) {
        this.slack = requireNonNull(slack, "slack");
        this.botToken = requireNonNull(settings, "settings").botToken();
    }

    /** Where a message ended up. */
    public enum Delivery { RESPONSE_URL, CHAT_POST_MESSAGE, NOT_DELIVERED }

    public Delivery postInChannel(String responseUrl, String channelId, SlackMessage message) {
        if (!message.threadReplies().isEmpty()) {
            String ts = postMessage(channelId, message, null);
            if (ts != null) {
                message.threadReplies().forEach(reply -> postMessage(channelId, reply, ts));
                return Delivery.CHAT_POST_MESSAGE;
            }
            boolean delivered = respond(responseUrl, "in_channel", message);
            for (SlackMessage reply : message.threadReplies()) {
                delivered &= respond(responseUrl, "in_channel", reply);
            }
            return delivered ? Delivery.RESPONSE_URL : Delivery.NOT_DELIVERED;
        }
        if (respond(responseUrl, "in_channel", message)) {
            return Delivery.RESPONSE_URL;
        }
        return postMessage(channelId, message, null) != null ? Delivery.CHAT_POST_MESSAGE : Delivery.NOT_DELIVERED;
    }

    /** Only the asker sees it: the response URL, else {@code chat.postEphemeral}. */
    public Delivery postEphemeral(String responseUrl, String channelId, String userId, SlackMessage message) {
        if (respond(responseUrl, "ephemeral", message)) {
            return Delivery.RESPONSE_URL;
        }
        try {
            var response = slack.methods(botToken).chatPostEphemeral(r -> r.channel(channelId).user(userId)
                    .text(message.text()).blocks(message.blocks()));
            if (response.isOk()) {
                return Delivery.CHAT_POST_MESSAGE;
            }
            LOG.warn("chat.postEphemeral to {} failed: {}", channelId, response.getError());
        } catch (IOException | SlackApiException e) {
            LOG.warn("chat.postEphemeral to {} failed: {}", channelId, e.toString());
        }
        return Delivery.NOT_DELIVERED;
    }

    private boolean respond(String responseUrl, String responseType, SlackMessage message) {
        return sendToResponseUrl(responseUrl, responseType, false, message);
    }

    /**
     * One POST to a response URL: a new message of the given type, or (with {@code replaceOriginal})
     * the message the URL belongs to replaced.
     */
    private boolean sendToResponseUrl(String responseUrl, String responseType, boolean replaceOriginal, SlackMessage message) {
        if (responseUrl == null || responseUrl.isBlank()) {
            return false;
        }
        JsonObject payload = new JsonObject();
        if (responseType != null) {
            payload.addProperty("response_type", responseType);
        }
        payload.addProperty("replace_original", replaceOriginal);
        payload.addProperty("text", message.text());
        payload.add("blocks", gson.toJsonTree(message.blocks()));
        try {
            WebhookResponse response = slack.send(responseUrl, gson.toJson(payload));
            if (response.getCode() == 200) {
                return true;
            }
            LOG.info("response URL refused the message ({} {})", response.getCode(), response.getBody());
        } catch (IOException e) {
            LOG.info("response URL unreachable ({})", e.toString());
        }
        return false;
    }

    /** Replaces a posted message (buttons gone, outcome shown): {@code chat.update}, else the click's response URL. */
    public Delivery update(String channelId, String messageTs, String responseUrl, SlackMessage message) {
        if (channelId != null && messageTs != null) {
            try {
                var response = rateLimited(() -> slack.methods(botToken).chatUpdate(r -> r.channel(channelId).ts(messageTs)
                        .text(message.text()).blocks(message.blocks())));
                if (response.isOk()) {
                    return Delivery.CHAT_POST_MESSAGE;
                }
                LOG.info("chat.update of {} failed: {}", messageTs, response.getError());
            } catch (IOException | SlackApiException e) {
                LOG.warn("chat.update of {} failed: {}", messageTs, e.toString());
            }
        }
        return sendToResponseUrl(responseUrl, null, true, message) ? Delivery.RESPONSE_URL : Delivery.NOT_DELIVERED;
    }

    /** Posts a message the bot will update later, so it needs its ts; {@code null} when Slack refused it. */
    public String postMessage(String channelId, SlackMessage message, String threadTs) {
        try {
            ChatPostMessageResponse response = rateLimited(() -> slack.methods(botToken).chatPostMessage(r -> r.channel(channelId)
                    .text(message.text()).blocks(message.blocks()).threadTs(threadTs)));
            if (response.isOk()) {
                return response.getTs();
            }
            LOG.info("chat.postMessage to {} failed: {}", channelId, response.getError());
        } catch (IOException | SlackApiException e) {
            LOG.warn("chat.postMessage to {} failed: {}", channelId, e.toString());
        }
        return null;
    }

    /** How often a call Slack rate-limits is tried, and the longest wait between tries that Retry-After may ask for. */
    static final int ATTEMPTS = 3;
    static final long MAX_RETRY_AFTER_SECONDS = 30;

    /** A Web API call. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws IOException, SlackApiException;
    }

    /**
     * Runs a call again after the wait Slack asks for when it answers 429: a fix in batches posts several
     * requests at once, more than chat.postMessage's one message a second per channel.
     */
    static <T> T rateLimited(Call<T> call) throws IOException, SlackApiException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (SlackApiException e) {
                if (attempt >= ATTEMPTS || e.getResponse() == null || e.getResponse().code() != 429) {
                    throw e;
                }
                long seconds = retryAfter(e.getResponse().header("Retry-After"));
                LOG.info("Slack rate-limited a call; trying again in {} s", seconds);
                try {
                    Thread.sleep(seconds * 1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static long retryAfter(String header) {
        try {
            return Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, Long.parseLong(header == null ? "1" : header.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

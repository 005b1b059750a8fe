package dev.eksrole.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one channel of the demo, as Slack would keep it: messages in order, each with its timestamp, author, text and
 * blocks, in a thread or not, seen by everyone or (ephemeral) by one person; and the response URLs issued for commands
 * and clicks. Every change bumps {@link #version()}, which the page polls. Thread-safe.
 */
final class DemoChannel {

    static final String ID = "C0DEMOPLATFORM";
    static final String NAME = "platform-oncall";
    /** The bot's own user id, as auth.test names it. */
    static final String BOT_USER = "U0DEMOBOT";
    static final String BOT_ID = "B0DEMOBOT";

    /** Slack lets an app use a response URL five times within 30 minutes. */
    static final int RESPONSE_URL_USES = 5;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A message as the page shows it.
     *
     * @param user the author: a person's id, or {@link #BOT_USER}
     * @param blocks the Block Kit blocks, or {@code null} for text only
     * @param threadTs the parent's ts for a reply in a thread, else {@code null}
     * @param visibleTo the one person who sees an ephemeral message, else {@code null}
     * @param edited whether chat.update or a response URL replaced it
     */
    record Message(String ts, String user, String text, JsonNode blocks, String threadTs, String visibleTo, boolean edited) {}

    /** What a response URL belongs to: who asked, and the message clicked (none for a command). */
    record Hook(String user, String messageTs) {}

    private final List<Message> messages = new ArrayList<>();
    private final Map<String, Hook> hooks = new ConcurrentHashMap<>();
    private final Map<String, Integer> hookUses = new ConcurrentHashMap<>();
    private long version;
    private long lastMicros;

    synchronized long version() {
        return version;
    }

    /** Adds a message and returns its ts. */
    synchronized String post(String user, String text, JsonNode blocks, String threadTs, String visibleTo) {
        String ts = nextTs();
        String parent = threadTs != null && find(threadTs).isPresent() ? threadTs : null;
        messages.add(new Message(ts, user, text == null ? "" : text, blocks, parent, visibleTo, false));
        version++;
        return ts;
    }

    /** Replaces a message's text and blocks, where it stands; {@code false} when there is no such message. */
    synchronized boolean update(String ts, String text, JsonNode blocks) {
        return replace(ts, text, blocks, true);
    }

    /**
     * Fills a place kept with {@link #post} and no content (an acknowledgement not yet back), without marking it edited:
     * Slack shows a command's acknowledgement before whatever the bot posts while it is on its way.
     */
    synchronized void fill(String ts, String text, JsonNode blocks) {
        replace(ts, text, blocks, false);
    }

    private boolean replace(String ts, String text, JsonNode blocks, boolean edited) {
        for (int i = 0; i < messages.size(); i++) {
            Message old = messages.get(i);
            if (old.ts().equals(ts)) {
                messages.set(i, new Message(ts, old.user(), text == null ? "" : text, blocks, old.threadTs(), old.visibleTo(), edited));
                version++;
                return true;
            }
        }
        return false;
    }

    synchronized boolean delete(String ts) {
        boolean removed = messages.removeIf(m -> m.ts().equals(ts));
        if (removed) {
            version++;
        }
        return removed;
    }

    synchronized Optional<Message> find(String ts) {
        return messages.stream().filter(m -> m.ts().equals(ts)).findFirst();
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The messages one person sees, in order: everyone's, and the ephemeral ones meant for them. */
    synchronized ArrayNode view(String person) {
        ArrayNode out = JSON.createArrayNode();
        for (Message message : messages) {
            boolean kept = message.text().isEmpty() && (message.blocks() == null || message.blocks().isEmpty());
            if (kept || (message.visibleTo() != null && !message.visibleTo().equals(person))) {
                continue;
            }
            ObjectNode node = out.addObject();
            node.put("ts", message.ts());
            node.put("user", message.user());
            node.put("text", message.text());
            node.set("blocks", message.blocks());
            node.put("threadTs", message.threadTs());
            node.put("ephemeral", message.visibleTo() != null);
            node.put("edited", message.edited());
        }
        return out;
    }

    /** Forgets every message and response URL, for a Reset. */
    synchronized void clear() {
        messages.clear();
        hooks.clear();
        hookUses.clear();
        version++;
    }

    /** A fresh response URL token for a command ({@code messageTs == null}) or a click on a message. */
    String newHook(String user, String messageTs) {
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        hooks.put(token, new Hook(user, messageTs));
        return token;
    }

    /** The hook a response URL token names, counting one use; empty when unknown or used up, as Slack refuses it. */
    Optional<Hook> useHook(String token) {
        Hook hook = hooks.get(token);
        if (hook == null || hookUses.merge(token, 1, Integer::sum) > RESPONSE_URL_USES) {
            return Optional.empty();
        }
        return Optional.of(hook);
    }

    /** Slack's {@code <seconds>.<micros>}, strictly increasing so that order and identity never clash. */
    private String nextTs() {
        Instant now = Instant.now();
        long micros = Math.max(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000, lastMicros + 1);
        lastMicros = micros;
        return String.format(java.util.Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }
}

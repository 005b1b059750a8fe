package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Slack's request signatures (https://api.slack.com/authentication/verifying-requests-from-slack).
 * Unlike Bolt's built-in check it compares in constant time and refuses timestamps too far in the
 * future as well as in the past, so a captured request cannot be replayed later and a forged one
 * cannot be timed against the comparison.
 */
public final class SlackRequestVerifier {

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    static final String SIGNATURE_HEADER = "X-Slack-Signature";
    private static final String VERSION = "v0";

    /** Signatures accepted within the window, with their timestamps; older ones are refused by the window anyway. */
    private final java.util.Map<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PRUNE_AT = 4096;
    private final byte[] secret;
    private final Clock clock;

    public SlackRequestVerifier(String signingSecret, Clock clock) {
        this.secret = requireNonNull(signingSecret, "signingSecret").getBytes(StandardCharsets.UTF_8);
        this.clock = requireNonNull(clock, "clock");
    }

    public boolean verify(String timestampHeader, String signatureHeader, String body) {
        return refusal(timestampHeader, signatureHeader, body) == null;
    }

    /**
     * Why a request is refused, in words for the operator's log, or {@code null} when it is Slack's. Names the
     * likely cause (another app's secret, this host's clock, a proxy that drops headers); never the secret or the body.
     */
    public String refusal(String timestampHeader, String signatureHeader, String body) {
        return refusal(timestampHeader, signatureHeader, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * As {@link #refusal(String, String, String)}, over the body's bytes as they came: a body that is not UTF-8 is
     * still told apart as Slack's or not. A request whose signature was seen already within the window is refused
     * as a replay: Slack sends each slash command and click once.
     */
    public String refusal(String timestampHeader, String signatureHeader, byte[] body) {
        if (timestampHeader == null || signatureHeader == null) {
            return "no " + (timestampHeader == null ? TIMESTAMP_HEADER : SIGNATURE_HEADER) + " header: not signed by Slack, "
                    + "or a proxy in front of eksrole drops the header";
        }
        if (body == null) {
            return "no body";
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return TIMESTAMP_HEADER + " is not a number of seconds";
        }
        long now = clock.instant().getEpochSecond();
        if (timestamp < now - WINDOW.toSeconds() || timestamp > now + WINDOW.toSeconds()) {
            // saturating: a forged header may hold any long
            long off = timestamp < now ? (now - timestamp < 0 ? Long.MAX_VALUE : now - timestamp)
                    : (timestamp - now < 0 ? Long.MAX_VALUE : timestamp - now);
            return "the request's timestamp is " + off + " s " + (timestamp < now ? "behind" : "ahead of")
                    + " this host's clock (accepted: " + WINDOW.toSeconds() + " s either way): check this host's clock (NTP), "
                    + "or the request is a replay";
        }
        String signature = VERSION + "=" + hmac((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8), body);
        if (!MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8), signatureHeader.strip().getBytes(StandardCharsets.UTF_8))) {
            return "the signature does not match: is SLACK_SIGNING_SECRET this app's signing secret (Basic Information, "
                    + "App Credentials)? A request not from Slack fails here too";
        }
        if (seen.size() >= PRUNE_AT) {
            seen.values().removeIf(at -> at < now - WINDOW.toSeconds());
        }
        if (seen.putIfAbsent(signature, timestamp) != null) {
            return "the same signed request came before: a replay, or a proxy that sent it twice";
        }
        return null;
    }

    private String hmac(byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(prefix);
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

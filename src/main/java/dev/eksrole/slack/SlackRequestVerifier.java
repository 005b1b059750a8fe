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
    private static final String VERSION = "v0";

    private final byte[] secret;
    private final Clock clock;

    public SlackRequestVerifier(String signingSecret, Clock clock) {
        this.secret = requireNonNull(signingSecret, "signingSecret").getBytes(StandardCharsets.UTF_8);
        this.clock = requireNonNull(clock, "clock");
    }

    public boolean verify(String timestampHeader, String signatureHeader, String body) {
        if (timestampHeader == null || signatureHeader == null || body == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (timestamp < now - WINDOW.toSeconds() || timestamp > now + WINDOW.toSeconds()) {
            return false;
        }
        byte[] expected = (VERSION + "=" + hmac(VERSION + ":" + timestamp + ":" + body)).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.UTF_8));
    }

    String hmac(String base) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

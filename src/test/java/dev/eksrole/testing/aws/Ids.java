package dev.eksrole.testing.aws;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Random identifiers shaped like the real ones, and RFC 3986 percent-encoding. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Ids() {
    }

    static String longTermKeyId() {
        return "AKIA" + random(UPPER, 16);
    }

    static String temporaryKeyId() {
        return "ASIA" + random(UPPER, 16);
    }

    static String secret() {
        return random(SECRET, 40);
    }

    static String sessionToken() {
        byte[] bytes = new byte[192];
        RANDOM.nextBytes(bytes);
        return "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(bytes);
    }

    static String roleId() {
        return "AROA" + random(UPPER, 17);
    }

    static String userId() {
        return "AIDA" + random(UPPER, 17);
    }

    static String instanceProfileId() {
        return "AIPA" + random(UPPER, 17);
    }

    static String policyId() {
        return "ANPA" + random(UPPER, 17);
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    /** Percent-encodes everything but the RFC 3986 unreserved characters; a space becomes {@code %20}. */
    static String uriEncode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}

package dev.eksrole.testing.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Parses and verifies AWS Signature Version 4 {@code Authorization} headers. */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private SigV4() {
    }

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
    record Authorization(
            String accessKeyId,
            String date,
            String region,
            String service,
            List<String> signedHeaders,
            String signature) {
    }

    /**
     * Parses the header; throws {@code IncompleteSignature} when it is not a well-formed SigV4 header.
     */
    static Authorization parse(String header) {
        if (header == null || !header.startsWith(ALGORITHM + " ")) {
            throw incomplete("Authorization header requires the " + ALGORITHM + " algorithm.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            switch (key) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> { }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4]) || scope[0].isEmpty()) {
            throw incomplete("Credential should be scoped to a valid region and service: '" + credential + "'.");
        }
        List<String> headers = Arrays.stream(signedHeaders.split(";"))
                .map(h -> h.toLowerCase(Locale.ROOT))
                .toList();
        return new Authorization(scope[0], scope[1], scope[2], scope[3], headers, signature);
    }

    /**
     * Recomputes the signature the way the SDK computes it and compares it with the one sent.
     *
     * @param headerValues all values of a header, looked up case-insensitively; {@code null} if absent
     */
    static boolean verify(
            Authorization auth,
            String secretAccessKey,
            String method,
            String rawPath,
            String rawQuery,
            Function<String, List<String>> headerValues,
            byte[] body) {
        String canonical = canonicalRequest(auth, method, rawPath, rawQuery, headerValues, body);
        if (canonical == null) {
            return false;
        }
        List<String> amzDate = headerValues.apply("x-amz-date");
        if (amzDate == null || amzDate.isEmpty() || !amzDate.get(0).startsWith(auth.date())) {
            return false;
        }
        String scope = auth.date() + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate.get(0).trim() + "\n" + scope + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String canonicalRequest(
            Authorization auth,
            String method,
            String rawPath,
            String rawQuery,
            Function<String, List<String>> headerValues,
            byte[] body) {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : auth.signedHeaders()) {
            List<String> values = headerValues.apply(name);
            if (values == null) {
                return null;
            }
            List<String> trimmed = new ArrayList<>(values.size());
            for (String v : values) {
                trimmed.add(v.trim().replaceAll("\\s+", " "));
            }
            canonicalHeaders.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        String bodyHash = hex(sha256(body));
        String payloadHash = bodyHash;
        List<String> contentSha = headerValues.apply("x-amz-content-sha256");
        if (contentSha != null && !contentSha.isEmpty()) {
            payloadHash = contentSha.get(0).trim();
            boolean literal = payloadHash.startsWith("UNSIGNED-") || payloadHash.startsWith("STREAMING-");
            if (!literal && !payloadHash.equalsIgnoreCase(bodyHash)) {
                return null;
            }
        }
        return method + "\n"
                + canonicalPath(rawPath) + "\n"
                + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders + "\n"
                + String.join(";", auth.signedHeaders()) + "\n"
                + payloadHash;
    }

    /** The SDK encodes the (already encoded) path once more for every service but S3. */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(Ids.uriEncode(segments[i]));
        }
        return out.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] {
                Ids.uriEncode(URLDecoder.decode(name, StandardCharsets.UTF_8)),
                Ids.uriEncode(URLDecoder.decode(value, StandardCharsets.UTF_8))
            });
        }
        pairs.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AwsError incomplete(String message) {
        return new AwsError(400, "IncompleteSignature", message);
    }
}

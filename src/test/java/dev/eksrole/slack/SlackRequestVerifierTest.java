package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackRequestVerifierTest {

    // the worked example of https://api.slack.com/authentication/verifying-requests-from-slack
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url="
            + "https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final long TIMESTAMP = 1531420618;
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SlackRequestVerifier at(long epochSecond) {
        return new SlackRequestVerifier(SECRET, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void acceptsSlacksOwnWorkedExample() {
        assertThat(at(TIMESTAMP + 10).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).isTrue();
    }

    @Test
    void refusesATamperedBody() {
        assertThat(at(TIMESTAMP).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY.replace("text=", "text=check"))).isFalse();
    }

    @Test
    void refusesATamperedSignatureOrAnotherSecret() {
        assertThat(at(TIMESTAMP).verify(String.valueOf(TIMESTAMP), SIGNATURE.replace("a2114", "a2115"), BODY)).isFalse();
        assertThat(new SlackRequestVerifier("0000", Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC))
                .verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).isFalse();
    }

    @Test
    void refusesStaleAndFutureDatedRequestsOutsideFiveMinutes() {
        assertThat(at(TIMESTAMP + 300).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).isTrue();
        assertThat(at(TIMESTAMP + 301).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).as("stale").isFalse();
        assertThat(at(TIMESTAMP - 300).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).isTrue();
        assertThat(at(TIMESTAMP - 301).verify(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).as("future-dated").isFalse();
    }

    @Test
    void refusesMissingOrMalformedHeaders() {
        SlackRequestVerifier verifier = at(TIMESTAMP);
        assertThat(verifier.verify(null, SIGNATURE, BODY)).isFalse();
        assertThat(verifier.verify(String.valueOf(TIMESTAMP), null, BODY)).isFalse();
        assertThat(verifier.verify("yesterday", SIGNATURE, BODY)).isFalse();
        assertThat(verifier.verify(String.valueOf(Long.MIN_VALUE), SIGNATURE, BODY)).isFalse();
        assertThat(verifier.verify(String.valueOf(TIMESTAMP), "v0=", BODY)).isFalse();
    }

    @Test
    void saysWhyARequestIsRefused() {
        SlackRequestVerifier verifier = at(TIMESTAMP);
        assertThat(verifier.refusal(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).isNull();
        assertThat(verifier.refusal(String.valueOf(TIMESTAMP), null, BODY)).startsWith("no X-Slack-Signature header");
        assertThat(verifier.refusal("yesterday", SIGNATURE, BODY)).isEqualTo("X-Slack-Request-Timestamp is not a number of seconds");
        assertThat(at(TIMESTAMP + 301).refusal(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).startsWith("the request's timestamp is 301 s behind");
        assertThat(verifier.refusal(String.valueOf(Long.MIN_VALUE), SIGNATURE, BODY))
                .startsWith("the request's timestamp is " + Long.MAX_VALUE + " s behind");
        assertThat(verifier.refusal(String.valueOf(TIMESTAMP), SIGNATURE.replace("a2114", "a2115"), BODY))
                .startsWith("the signature does not match").doesNotContain(SECRET).doesNotContain("roadrunner");
    }

    @Test
    void aSignedRequestIsTakenOnceAndItsReplayRefused() {
        SlackRequestVerifier verifier = at(TIMESTAMP + 10);

        assertThat(verifier.refusal(String.valueOf(TIMESTAMP), SIGNATURE, BODY)).isNull();
        assertThat(verifier.refusal(String.valueOf(TIMESTAMP), SIGNATURE, BODY))
                .isEqualTo("the same signed request came before: a replay, or a proxy that sent it twice");
        assertThat(verifier.refusal(String.valueOf(TIMESTAMP), SIGNATURE.replace("a2114", "a2115"), BODY))
                .as("a forged one is refused for its signature, and remembers nothing").startsWith("the signature does not match");
    }

    @Test
    void theSignatureIsOverTheBodysBytesAsTheyCame() {
        byte[] latin1 = BODY.replace("text=", "text=\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        SlackRequestVerifier signer = at(TIMESTAMP);
        String signature = dev.eksrole.testing.slack.SignedSlackRequests.signature(SECRET, TIMESTAMP, latin1);

        assertThat(signer.refusal(String.valueOf(TIMESTAMP), signature, latin1)).isNull();
        assertThat(signer.refusal(String.valueOf(TIMESTAMP), signature, new String(latin1, java.nio.charset.StandardCharsets.UTF_8)))
                .startsWith("the signature does not match");
    }
}

package dev.eksrole.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a signed body to /slack/events is, told before Bolt reads it, and why it is refused, never quoting it. */
class EventsRequestBodyTest {

    private static EventsRequestBody.Inspection inspect(String body) {
        return EventsRequestBody.inspect(body.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void decodesFormsStrictly() {
        assertThat(EventsRequestBody.form("a=1&b=%C3%A9+x&c=&&d=%2F")).containsExactly(java.util.Map.entry("a", "1"),
                java.util.Map.entry("b", "é x"), java.util.Map.entry("c", ""), java.util.Map.entry("d", "/"));
        assertThatThrownBy(() -> EventsRequestBody.form("a=%ZZ")).hasMessage("has a % that is not followed by two hex digits");
        assertThatThrownBy(() -> EventsRequestBody.form("a=%4")).hasMessage("has a % that is not followed by two hex digits");
        assertThatThrownBy(() -> EventsRequestBody.form("a=%C3")).hasMessage("has an escaped value that is not UTF-8");
        assertThatThrownBy(() -> EventsRequestBody.form("a=%C0%AF")).hasMessage("has an escaped value that is not UTF-8");
        assertThatThrownBy(() -> EventsRequestBody.form("secret")).hasMessage("has a field without a name or an =");
        assertThatThrownBy(() -> EventsRequestBody.form("=secret")).hasMessage("has a field without a name or an =");
        assertThatThrownBy(() -> EventsRequestBody.form("a=1&a=2")).hasMessage("has a field twice");
    }

    @Test
    void tellsCommandsClicksAndTheRestApart() {
        assertThat(inspect("command=%2Feksrole&text=help")).isEqualTo(new EventsRequestBody.ForBolt("command=%2Feksrole&text=help",
                "slash command"));
        assertThat(inspect("payload=%7B%22type%22%3A%22block_actions%22%7D")).isInstanceOf(EventsRequestBody.ForBolt.class);
        assertThat(inspect("ssl_check=1&token=x")).isEqualTo(new EventsRequestBody.Ignored(null));
        assertThat(inspect("payload=%7B%22type%22%3A%22view_submission%22%7D"))
                .isEqualTo(new EventsRequestBody.Ignored("an interaction of type view_submission: eksrole has no use for it"));
        assertThat(inspect("payload=%7B%22type%22%3A%22%3C!channel%3E%22%7D"))
                .isEqualTo(new EventsRequestBody.Ignored("an interaction of a type Slack does not send"));
        assertThat(inspect("{\"type\":\"url_verification\"}"))
                .isEqualTo(new EventsRequestBody.Malformed("a JSON body: eksrole subscribes to no events"));
        assertThat(inspect("payload=%5B%5D")).isEqualTo(new EventsRequestBody.Malformed("the interaction's payload is not a JSON object"));
        assertThat(inspect("payload=%7B%22type%22%3A1%7D")).isEqualTo(new EventsRequestBody.Malformed("the interaction's payload has no type"));
        assertThat(inspect("payload=%7B")).isEqualTo(new EventsRequestBody.Malformed("the interaction's payload is not JSON"));
        assertThat(inspect("token=x&payload=%7B%22type%22%3A%22block_actions%22%7D"))
                .isEqualTo(new EventsRequestBody.Malformed("an interaction with fields besides payload"));
        assertThat(inspect("hello=world")).isEqualTo(new EventsRequestBody.Malformed("neither a slash command nor an interaction"));
        assertThat(EventsRequestBody.inspect(new byte[] {'a', '=', (byte) 0xE9}, null))
                .isEqualTo(new EventsRequestBody.Malformed("the body is not UTF-8"));
        assertThat(EventsRequestBody.inspect("command=%2Feksrole".getBytes(StandardCharsets.UTF_8), "a=%ZZ"))
                .isEqualTo(new EventsRequestBody.Malformed("the query string has a % that is not followed by two hex digits"));
    }
}

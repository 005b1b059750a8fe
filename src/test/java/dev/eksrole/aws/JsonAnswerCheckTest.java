package dev.eksrole.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an EKS answer must be before the SDK may read it: one whole JSON object. */
class JsonAnswerCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "<html><body>502 Bad Gateway</body></html>", "{\"clusters\":[\"prod\"", "[\"prod\"]", "null", "42"})
    void aBodyThatIsNotOneWholeJsonObjectIsRefused(String body) {
        assertThat(JsonAnswerCheck.problemOf(body.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void aJsonObjectPassesEvenWithoutMembers() {
        assertThat(JsonAnswerCheck.problemOf("{}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(JsonAnswerCheck.problemOf("{\"clusters\":[],\"nextToken\":null}".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}

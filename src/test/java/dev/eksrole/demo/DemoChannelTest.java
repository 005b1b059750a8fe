package dev.eksrole.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The channel keeps messages as Slack does: in order, replaced in place, ephemeral to one person, with response URLs of five uses. */
class DemoChannelTest {

    private final DemoChannel channel = new DemoChannel();

    @Test
    void anEphemeralMessageIsInTheViewOfItsPersonOnly() {
        channel.post(DemoChannel.BOT_USER, "for everyone", null, null, null);
        channel.post(DemoChannel.BOT_USER, "for Riley", null, null, Person.REQUESTER);

        assertThat(channel.view(Person.REQUESTER).findValuesAsText("text")).containsExactly("for everyone", "for Riley");
        assertThat(channel.view(Person.APPROVER).findValuesAsText("text")).containsExactly("for everyone");
        assertThat(channel.view(null).findValuesAsText("text")).containsExactly("for everyone");
    }

    @Test
    void anUpdateReplacesTheMessageWhereItStandsAndMarksItEdited() {
        String first = channel.post(DemoChannel.BOT_USER, "first", null, null, null);
        channel.post(DemoChannel.BOT_USER, "second", null, null, null);
        long before = channel.version();

        assertThat(channel.update(first, "first, updated", null)).isTrue();

        assertThat(channel.view(null).findValuesAsText("text")).containsExactly("first, updated", "second");
        assertThat(channel.find(first).orElseThrow().edited()).isTrue();
        assertThat(channel.version()).isGreaterThan(before);
        assertThat(channel.update("1.000001", "nothing", null)).isFalse();
    }

    @Test
    void aReplyNamesItsParentAndTimestampsIncrease() {
        String parent = channel.post(DemoChannel.BOT_USER, "parent", null, null, null);
        String reply = channel.post(DemoChannel.BOT_USER, "reply", null, parent, null);
        String orphan = channel.post(DemoChannel.BOT_USER, "orphan", null, "1.000001", null);

        assertThat(channel.find(reply).orElseThrow().threadTs()).isEqualTo(parent);
        assertThat(channel.find(orphan).orElseThrow().threadTs()).isNull();
        assertThat(Double.parseDouble(reply)).isGreaterThan(Double.parseDouble(parent));
        assertThat(parent).matches("\\d+\\.\\d{6}");
    }

    @Test
    void aKeptPlaceIsUnseenUntilFilledAndThenStandsBeforeLaterMessages() {
        String place = channel.post(DemoChannel.BOT_USER, "", null, null, Person.REQUESTER);
        channel.post(DemoChannel.BOT_USER, "the verdict", null, null, null);
        assertThat(channel.view(Person.REQUESTER).findValuesAsText("text")).containsExactly("the verdict");

        channel.fill(place, "Checking prod-eu…", null);

        assertThat(channel.view(Person.REQUESTER).findValuesAsText("text")).containsExactly("Checking prod-eu…", "the verdict");
        assertThat(channel.find(place).orElseThrow().edited()).isFalse();
    }

    @Test
    void aResponseUrlTakesFiveUsesAndAnUnknownOneNone() {
        String token = channel.newHook(Person.REQUESTER, null);
        for (int use = 1; use <= DemoChannel.RESPONSE_URL_USES; use++) {
            assertThat(channel.useHook(token)).as("use %d", use).isPresent();
        }
        assertThat(channel.useHook(token)).isEmpty();
        assertThat(channel.useHook("not-issued")).isEmpty();
    }

    @Test
    void clearForgetsMessagesAndResponseUrls() {
        channel.post(DemoChannel.BOT_USER, "gone", null, null, null);
        String token = channel.newHook(Person.REQUESTER, null);

        channel.clear();

        assertThat(channel.messages()).isEmpty();
        assertThat(channel.useHook(token)).isEmpty();
    }
}

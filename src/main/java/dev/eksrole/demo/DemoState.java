package dev.eksrole.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** What the page polls: the channel as one person sees it, the people to act as, and the accounts with their stories. */
final class DemoState {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoState() {}

    static ObjectNode of(DemoChannel channel, DemoOrganisation organisation, String person) {
        ObjectNode state = JSON.createObjectNode();
        state.put("version", channel.version());
        state.putObject("channel").put("id", DemoChannel.ID).put("name", DemoChannel.NAME);
        state.putObject("bot").put("id", DemoChannel.BOT_USER).put("name", "eksrole");
        ArrayNode people = state.putArray("people");
        for (Person p : Person.everyone()) {
            people.addObject().put("id", p.id()).put("name", p.name()).put("role", p.role());
        }
        state.putObject("groups").put(Person.APPROVER_GROUP, Person.APPROVER_GROUP_HANDLE);
        ArrayNode accounts = state.putArray("accounts");
        for (SimulatedAccount account : organisation.accounts()) {
            accounts.addObject().put("id", account.id()).put("name", account.name()).put("partition", account.partition().id())
                    .put("description", account.description());
        }
        state.set("messages", channel.view(person));
        return state;
    }

    /** The value of the button with this action id in a message's blocks, as the bot gave it; empty when there is none. */
    static Optional<String> buttonValue(JsonNode node, String actionId) {
        if (node == null || actionId.isEmpty()) {
            return Optional.empty();
        }
        if (node.isObject() && "button".equals(node.path("type").asText()) && actionId.equals(node.path("action_id").asText())) {
            return Optional.of(node.path("value").asText(""));
        }
        for (JsonNode child : node) {
            Optional<String> found = buttonValue(child, actionId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}

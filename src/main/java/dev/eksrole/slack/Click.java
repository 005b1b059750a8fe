package dev.eksrole.slack;

/** Where a click came from: who, which channel, the message it was on, and its response URL. */
public record Click(String userId, String channelId, String messageTs, String responseUrl) {}

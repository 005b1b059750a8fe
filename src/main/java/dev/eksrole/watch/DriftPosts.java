package dev.eksrole.watch;

/** Where the watch tells people what changed: the front end (Slack) answers it. */
public interface DriftPosts {

    /**
     * Posts one change to the watch's channel.
     *
     * @param roundStartedAt when the round that found it started
     *
     * @return whether it was delivered; an undelivered change is not recorded, so the next round posts it again
     */
    boolean post(String channel, Drift drift, java.time.Instant roundStartedAt);
}

package dev.eksrole.config;

import dev.eksrole.config.EksroleConfig.Approvers;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code approvers:} section: the Slack users and user groups who may approve a fix. */
final class ApproversSection {

    static final List<String> KEYS = List.of("users", "usergroups");
    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern SLACK_GROUP = Pattern.compile("S[A-Z0-9]{2,}");

    private ApproversSection() {}

    static Approvers parse(ConfigNode node) throws ConfigException {
        node.allowOnly(KEYS);
        return new Approvers(
                node.strings("users", SLACK_USER, "a Slack user id such as U012AB3CD"),
                node.strings("usergroups", SLACK_GROUP, "a Slack user-group id such as S0614TZR7"));
    }
}

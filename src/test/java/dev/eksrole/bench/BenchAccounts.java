package dev.eksrole.bench;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;

import dev.eksrole.testing.slack.SlackStandIn;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import java.util.HashMap;
import java.util.Map;

/** The accounts and settings every measurement uses, so that their figures compare. */
final class BenchAccounts {

    /** Roles in each account, as in a busy production account. */
    static final int ROLES = 300;
    /** Node roles among them, each healthy: both policies, the EC2 trust, an instance profile of its name. */
    static final int NODE_ROLES = 2;

    private BenchAccounts() {
    }

    /** Fills a target account with {@link #ROLES} roles, {@link #NODE_ROLES} of them healthy node roles. */
    static FakeAccount populate(FakeAccount account) {
        for (int k = 0; k < NODE_ROLES; k++) {
            String name = "cluster-" + k + "-NodeInstanceRole";
            account.addRole(name);
            account.attach(name, awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
            account.attach(name, awsManagedPolicyArn(AWS, "AmazonEC2ContainerRegistryReadOnly"));
            account.addInstanceProfile(name, "/", name);
        }
        // the access role AwsWorld adds is one of the account's roles
        for (int i = 0; i < ROLES - NODE_ROLES - 1; i++) {
            account.addRole("app-role-%05d".formatted(i));
        }
        return account;
    }

    /** The Slack settings of a bot in HTTP mode against the stand-in, on {@code port}. */
    static Map<String, String> slackEnvironment(SlackStandIn slack, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", SlackStandIn.DEFAULT_BOT_TOKEN);
        env.put("SLACK_SIGNING_SECRET", BotWorld.SIGNING_SECRET);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("PORT", Integer.toString(port));
        return env;
    }
}

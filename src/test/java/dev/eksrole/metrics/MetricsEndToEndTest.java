package dev.eksrole.metrics;

import static dev.eksrole.testing.aws.FakeAws.AWS;
import static dev.eksrole.testing.aws.FakeAws.awsManagedPolicyArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.BotWorld;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.RecordedCall;
import dev.eksrole.testing.slack.PostedMessage;
import dev.eksrole.testing.slack.SocketModeStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import dev.eksrole.slack.CheckExecutor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of the running bot after real work: checks over signed Slack requests, IAM and STS on the
 * wire-level fake, buttons clicked, a fix approved and applied. Each counter must move by exactly what was done.
 */
class MetricsEndToEndTest {

    private static final String PROD = "111111111111";
    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String OTHER = "U0OTHERONE";
    private static final String CHANNEL = "C0PLATFORM";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void countsChecksAwsCallsClicksAndPlanTransitionsByExactlyWhatHappened() throws Exception {
        try (AwsWorld aws = AwsWorld.start(dir)) {
            aws.addTarget(PROD, "prod-eu", AWS);
            aws.config("approvers: {users: [" + APPROVER + "]}");
            try (BotWorld world = BotWorld.http(aws)) {
                Exposition before = Exposition.scrape(world.uri("/metrics"));
                assertThat(before.contentType()).startsWith("text/plain; version=0.0.4");
                for (String verdict : new String[] {"OK", "NEEDS_FIX", "UNKNOWN"}) {
                    for (String source : new String[] {"slack", "cli", "watch"}) {
                        assertThat(before.value("eksrole_checks_total", "source", source, "verdict", verdict)).isZero();
                    }
                }
                assertThat(before.value("eksrole_plans_pending")).isZero();
                assertThat(before.value("eksrole_watch_duration_seconds_count")).isZero();
                // the JVM's and the process's own meters
                assertThat(before.types()).containsKeys("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                        "jvm_classes_loaded_classes", "system_cpu_count", "process_uptime_seconds", "process_cpu_usage");

                PostedMessage verdict = check(world, REQUESTER);
                assertThat(verdict.text()).startsWith("NEEDS_FIX");

                Exposition checked = Exposition.scrape(world.uri("/metrics"));
                assertThat(checked.value("eksrole_checks_total", "source", "slack", "verdict", "NEEDS_FIX")).isEqualTo(1.0);
                assertThat(checked.sum("eksrole_checks_total")).isEqualTo(1.0);
                assertThat(checked.value("eksrole_check_duration_seconds_count", "source", "slack")).isEqualTo(1.0);
                assertThat(checked.value("eksrole_slack_commands_total", "verb", "check")).isEqualTo(1.0);
                assertThat(checked.sum("eksrole_slack_commands_total")).isEqualTo(1.0);
                assertThat(checked.value("eksrole_slack_ack_seconds_count", "kind", "command")).isEqualTo(1.0);
                // one call counted for every request the fake answered, by service and action, all of them ok
                Map<String, Long> answered = aws.fake().calls().stream()
                        .collect(Collectors.groupingBy(c -> c.service().toLowerCase() + " " + c.action(), Collectors.counting()));
                assertThat(answered).containsKeys("sts AssumeRole", "iam ListRoles");
                answered.forEach((call, count) -> assertThat(checked.value("eksrole_aws_calls_total", "service", call.split(" ")[0],
                        "action", call.split(" ")[1], "outcome", "ok")).as(call).isEqualTo(count.doubleValue()));
                assertThat(checked.sum("eksrole_aws_calls_total")).isEqualTo(aws.fake().calls().size());
                assertThat(checked.sum("eksrole_aws_retries_total")).isZero();

                // Fix: the offered plan is requested and waits for an approver
                String planId = verdict.buttonValue("Fix… create NodeInstanceRole");
                click(world, "fix", planId, REQUESTER);
                PostedMessage request = world.slack().awaitPost(p -> p.kind().equals(PostedMessage.POST_MESSAGE)
                        && p.blocks().toString().contains("\"approve:"), WAIT);
                Exposition requested = Exposition.scrape(world.uri("/metrics"));
                assertThat(requested.value("eksrole_slack_clicks_total", "button", "fix")).isEqualTo(1.0);
                assertThat(requested.sum("eksrole_slack_clicks_total")).isEqualTo(1.0);
                assertThat(requested.value("eksrole_slack_ack_seconds_count", "kind", "blockaction")).isEqualTo(1.0);
                long offered = verdict.blocks().toString().split("\"fix:", -1).length - 1;
                assertThat(requested.value("eksrole_plan_transitions_total", "from", "new", "to", "OFFERED")).isEqualTo(offered);
                assertThat(requested.value("eksrole_plan_transitions_total", "from", "OFFERED", "to", "PENDING")).isEqualTo(1.0);
                assertThat(requested.value("eksrole_plans_pending")).isEqualTo(1.0);

                // Approve: applied
                String approvalId = request.buttonValue("Approve");
                click(world, "approve", approvalId, APPROVER);
                world.slack().awaitPost(p -> p.kind().equals(PostedMessage.UPDATE) && request.ts().equals(p.ts())
                        && p.containsText("Applied"), WAIT);
                // the channel then sees the account as it is now: a check of its own, done before the scrape
                world.slack().awaitPost(p -> p.text() != null && p.text().startsWith("OK: EKS node role check of prod-eu"), WAIT);
                Awaitility.await().atMost(WAIT).until(() -> world.injector().getInstance(CheckExecutor.class).idle());
                Exposition applied = Exposition.scrape(world.uri("/metrics"));
                assertThat(applied.value("eksrole_slack_clicks_total", "button", "approve")).isEqualTo(1.0);
                assertThat(applied.value("eksrole_plan_transitions_total", "from", "PENDING", "to", "APPLYING")).isEqualTo(1.0);
                assertThat(applied.value("eksrole_plan_transitions_total", "from", "APPLYING", "to", "APPLIED")).isEqualTo(1.0);
                assertThat(applied.value("eksrole_plans_pending")).isZero();
                assertThat(applied.value("eksrole_aws_calls_total", "service", "iam", "action", "CreateRole", "outcome", "ok"))
                        .isEqualTo(1.0);

                // a throttled check: IAM says Throttling twice, the SDK retries, the call ends ok
                double listRolesOk = applied.value("eksrole_aws_calls_total", "service", "iam", "action", "ListRoles", "outcome", "ok");
                double slackChecks = applied.sum("eksrole_checks_total", "source", "slack");
                aws.fake().throttle("ListRoles", 2);
                check(world, REQUESTER);
                Exposition throttled = Exposition.scrape(world.uri("/metrics"));
                assertThat(throttled.value("eksrole_aws_retries_total", "service", "iam", "action", "ListRoles")).isEqualTo(2.0);
                assertThat(throttled.sum("eksrole_aws_retries_total")).isEqualTo(2.0);
                assertThat(throttled.value("eksrole_aws_calls_total", "service", "iam", "action", "ListRoles", "outcome", "ok"))
                        .isEqualTo(listRolesOk + 1);
                assertThat(throttled.sum("eksrole_checks_total", "source", "slack")).isEqualTo(slackChecks + 1);

                // a refused AssumeRole (another asker: a session of their own): denied, the verdict UNKNOWN
                double unknown = throttled.value("eksrole_checks_total", "source", "slack", "verdict", "UNKNOWN");
                aws.fake().failNext("AssumeRole", 403, "AccessDenied", "not authorized to perform sts:AssumeRole", 1);
                String command = world.command("check prod-eu", OTHER, CHANNEL);
                assertThat(world.requests().send(command).statusCode()).isEqualTo(200);
                world.slack().awaitPost(p -> p.target().equals(BotWorld.formValue(command, "response_url")), WAIT);
                Exposition denied = Exposition.scrape(world.uri("/metrics"));
                assertThat(denied.value("eksrole_aws_calls_total", "service", "sts", "action", "AssumeRole", "outcome", "denied"))
                        .isEqualTo(1.0);
                assertThat(denied.value("eksrole_checks_total", "source", "slack", "verdict", "UNKNOWN")).isEqualTo(unknown + 1);

                // no label names an account or a person: not the ones used here, nothing shaped like one
                assertNoAccountOrUserIds(denied, Set.of(PROD, AwsWorld.HUB_ACCOUNT, REQUESTER, APPROVER, OTHER, CHANNEL, planId));

                // the README's table names every meter eksrole registers, and no other
                assertThat(documentedMeters()).isEqualTo(new TreeSet<>(denied.eksroleFamilies().stream()
                        .filter(name -> !name.endsWith("_max")).toList()));
            }
        }
    }

    @Test
    void socketModeServesTheSameMetricsOnItsHealthPort() throws Exception {
        try (AwsWorld aws = AwsWorld.start(dir)) {
            FakeAccount prod = aws.addTarget(PROD, "prod-eu", AWS);
            prod.addRole("NodeInstanceRole");
            prod.attach("NodeInstanceRole", awsManagedPolicyArn(AWS, "AmazonEKSWorkerNodePolicy"));
            try (BotWorld world = BotWorld.socketMode(aws)) {
                SocketModeStandIn socket = world.slack().socketMode();
                socket.awaitConnected(WAIT);
                String responseUrl = world.slack().newResponseUrl();
                String envelope = socket.sendSlashCommand("/eksrole", "check prod-eu", REQUESTER, CHANNEL, responseUrl);
                ObjectNode ack = socket.awaitAck(envelope, WAIT);
                assertThat(ack.toString()).contains("Checking prod-eu");
                world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);

                Exposition scraped = Exposition.scrape(world.uri("/metrics"));
                assertThat(scraped.value("eksrole_checks_total", "source", "slack", "verdict", "NEEDS_FIX")).isEqualTo(1.0);
                assertThat(scraped.sum("eksrole_checks_total")).isEqualTo(1.0);
                assertThat(scraped.value("eksrole_slack_commands_total", "verb", "check")).isEqualTo(1.0);
                assertThat(scraped.value("eksrole_slack_ack_seconds_count", "kind", "command")).isEqualTo(1.0);
                assertThat(scraped.value("eksrole_aws_calls_total", "service", "sts", "action", "AssumeRole", "outcome", "ok"))
                        .isEqualTo(aws.fake().calls("AssumeRole").size());
                assertThat(scraped.types()).containsKey("jvm_memory_used_bytes");
                assertNoAccountOrUserIds(scraped, Set.of(PROD, AwsWorld.HUB_ACCOUNT, REQUESTER, CHANNEL));
            }
        }
    }

    private static PostedMessage check(BotWorld world, String user) {
        String command = world.command("check prod-eu", user, CHANNEL);
        String responseUrl = BotWorld.formValue(command, "response_url");
        assertThat(world.requests().send(command).statusCode()).isEqualTo(200);
        return world.slack().awaitPost(p -> p.target().equals(responseUrl), WAIT);
    }

    private static void click(BotWorld world, String action, String planId, String user) {
        var payload = world.requests().blockActionPayload(action + ":" + planId, planId, user, CHANNEL, "1700000000.000001",
                world.slack().newResponseUrl());
        assertThat(world.requests().send(world.requests().blockActionsBody(payload)).statusCode()).isEqualTo(200);
    }

    /** Account ids are twelve digits; Slack's user, channel and team ids a capital letter and eight or more capitals or digits. */
    static void assertNoAccountOrUserIds(Exposition scraped, Set<String> used) {
        Pattern shaped = Pattern.compile(".*(\\d{12}|\\b[UWCTG][A-Z0-9]{8,}\\b).*");
        for (Map<String, String> labels : scraped.labelSets()) {
            for (String value : labels.values()) {
                assertThat(shaped.matcher(value).matches()).as("label value %s in %s", value, labels).isFalse();
                assertThat(used).as("label value %s", value).doesNotContain(value);
            }
        }
    }

    /** The metric names in the README's table of metrics: its rows start with a name in backquotes. */
    static Set<String> documentedMeters() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher row = Pattern.compile("(?m)^\\| `(eksrole_[a-z_]+)` \\|").matcher(readme);
        Set<String> names = new TreeSet<>();
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }
}

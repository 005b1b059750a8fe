package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import dev.eksrole.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;

/**
 * Slack's side as meters, in HTTP and Socket Mode alike (both run Bolt's middleware): how long Bolt took to answer
 * (the ack Slack waits 3 seconds for), and the slash commands and button clicks let through the request gate, by
 * verb and by button. Labels are closed sets: a verb eksrole does not know is {@code unknown}, a button it does not
 * know {@code other}; what was typed, who typed it and the plan ids never become labels.
 */
public final class SlackMeters {

    static final String ACK = "eksrole.slack.ack";
    static final String COMMANDS = "eksrole.slack.commands";
    static final String CLICKS = "eksrole.slack.clicks";
    static final String UNKNOWN_VERB = "unknown";
    static final String OTHER_BUTTON = "other";

    /** Slack gives up on an ack after 3 seconds; the buckets are finest well below that. */
    private static final Duration[] ACK_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final PlanButtons buttons;

    @Inject
    public SlackMeters(Meters meters, PlanButtons buttons) {
        this.registry = requireNonNull(meters, "meters").registry();
        this.buttons = requireNonNull(buttons, "buttons");
        Subcommands.ALL.forEach(verb -> command(verb.name()));
        command(UNKNOWN_VERB);
        buttons.actions().forEach(this::click);
        click(OTHER_BUTTON);
    }

    /** First in Bolt's middleware: times everything Bolt does up to the response that acknowledges the request. */
    Middleware ackTimer() {
        return (request, response, chain) -> {
            long start = System.nanoTime();
            try {
                return chain.next(request);
            } finally {
                Timer.builder(ACK)
                        .description("Time from Bolt taking a Slack request to its acknowledgement, by kind of request")
                        .tag("kind", kind(request))
                        .serviceLevelObjectives(ACK_BUCKETS)
                        .register(registry)
                        .record(Duration.ofNanos(System.nanoTime() - start));
            }
        };
    }

    /** After the request gate: counts the commands and clicks it let through, before their handlers run. */
    Middleware counter() {
        return (request, response, chain) -> {
            if (request instanceof SlashCommandRequest command) {
                command(verb(command.getPayload() == null ? null : command.getPayload().getText())).increment();
            } else if (request instanceof BlockActionRequest click) {
                click(button(click.getPayload())).increment();
            }
            return chain.next(request);
        };
    }

    private static String kind(Request<?> request) {
        return request.getRequestType() == null ? "unknown" : request.getRequestType().name().toLowerCase(Locale.ROOT);
    }

    /** The verb of {@code /eksrole <verb> ...}: none is help, as the handler reads it. */
    static String verb(String text) {
        return Subcommands.of(text).map(Subcommand::name).orElse(UNKNOWN_VERB);
    }

    /** The kind of eksrole's button from its action id ({@code approve:<plan id>}). */
    private String button(BlockActionPayload payload) {
        if (payload == null || payload.getActions() == null || payload.getActions().isEmpty()) {
            return OTHER_BUTTON;
        }
        return buttons.actionOf(payload.getActions().get(0).getActionId()).orElse(OTHER_BUTTON);
    }

    private Counter command(String verb) {
        return Counter.builder(COMMANDS)
                .description("Slash commands let through the request gate, by verb")
                .tag("verb", verb)
                .register(registry);
    }

    private Counter click(String button) {
        return Counter.builder(CLICKS)
                .description("Button clicks let through the request gate, by button")
                .tag("button", button)
                .register(registry);
    }
}

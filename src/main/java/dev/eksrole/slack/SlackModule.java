package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import dev.eksrole.fix.RequestBatches;
import dev.eksrole.fix.UserGroups;
import dev.eksrole.watch.DriftPosts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The Slack adapter: Bolt, the Web API client, the handlers and the executor they hand work to, the presenter of the
 * fix workflow's outcomes, and Slack's answers to the workflow's two questions (user groups, message-sized batches).
 */
public final class SlackModule extends AbstractModule {

    private final SlackSettings settings;

    public SlackModule(SlackSettings settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(SlackSettings.class).toInstance(settings);
        bind(CheckExecutor.class).in(Singleton.class);
        bind(ChannelPoster.class).in(Singleton.class);
        bind(ResultMessageBuilder.class).in(Singleton.class);
        bind(SlackCheck.class).in(Singleton.class);
        bind(EksroleCommandHandler.class).in(Singleton.class);
        bind(SlackBot.class).in(Singleton.class);
        bind(ApprovalMessageBuilder.class).in(Singleton.class);
        bind(ApprovalRequests.class).in(Singleton.class);
        bind(ApproverMentions.class).in(Singleton.class);
        bind(FixPresenter.class).in(Singleton.class);
        bind(PlanButtons.class).in(Singleton.class);
        bind(SlackScan.class).in(Singleton.class);
        bind(ScanMessageBuilder.class).in(Singleton.class);
        bind(RequestGate.class).in(Singleton.class);
        bind(SlackMeters.class).in(Singleton.class);
        // the fix workflow's questions that only Slack can answer
        bind(UserGroups.class).to(SlackUserGroups.class).in(Singleton.class);
        bind(RequestBatches.class).to(MessageSizedBatches.class).in(Singleton.class);
        // where the drift watch tells what changed
        bind(DriftPosts.class).to(SlackDriftPosts.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    Slack slack(SlackSettings settings) {
        SlackConfig config = new SlackConfig();
        if (settings.apiUrl() != null) {
            // GovSlack and tests: a method's URL is this base followed by the method name
            config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        }
        config.setPrettyResponseLoggingEnabled(false);
        // eksrole reads no rate-limit metrics; with them on, the client calls auth.test once more per token and
        // logs a failed call at ERROR with a stack trace before eksrole can say what is wrong in one line
        config.getMethodsConfig().setStatsEnabled(false);
        return Slack.getInstance(config);
    }

    @Provides
    @Singleton
    App app(SlackSettings settings, Slack slack, EksroleCommandHandler command, PlanButtons buttons, RequestGate gate,
            SlackMeters meters) {
        AppConfig config = AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(settings.botToken())
                .signingSecret(settings.signingSecret())
                // our SlackHttpServer verifies signatures in constant time with a two-sided window
                .requestVerificationEnabled(false)
                .authTestCacheEnabled(true)
                .build();
        // the gate runs after Bolt's own middleware and before any handler, in HTTP and Socket Mode alike. Not app.use(gate):
        // that builds Bolt's middleware at once, whose authorization calls auth.test, and a module does no I/O (SlackBot
        // checks the token first, to say in one line what is wrong); Bolt builds this list as it starts
        App app = new App(config) {
            @Override
            protected List<Middleware> buildDefaultMiddlewareList(AppConfig appConfig) {
                List<Middleware> middleware = new ArrayList<>(super.buildDefaultMiddlewareList(appConfig));
                // the ack is timed from the first middleware; commands and clicks are counted once the gate let them in
                middleware.add(0, meters.ackTimer());
                middleware.add(gate);
                middleware.add(meters.counter());
                return middleware;
            }
        };
        app.command(SlackIds.COMMAND, command);
        buttons.register(app);
        return app;
    }

    @Provides
    SlackRequestVerifier verifier(SlackSettings settings, Clock clock) {
        return new SlackRequestVerifier(settings.signingSecret(), clock);
    }
}

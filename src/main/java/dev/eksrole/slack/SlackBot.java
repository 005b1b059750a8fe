package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.fix.ApplyHeartbeat;
import dev.eksrole.fix.Approvers;
import dev.eksrole.metrics.ServedMetrics;
import dev.eksrole.store.StoreDatabase;
import dev.eksrole.watch.DriftWatch;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bot: Bolt behind our HTTP server (HTTP mode) or over a WebSocket (Socket Mode, when an
 * app-level token is set), always with {@code /health} on {@code PORT}.
 */
public final class SlackBot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlackBot.class);

    private final SlackSettings settings;
    private final App app;
    private final Slack slack;
    private final CheckExecutor executor;
    private final Provider<SlackRequestVerifier> verifier;
    private final ApplyHeartbeat heartbeat;
    private final FixPresenter fixes;
    private final Approvers approvers;
    private final AccountDirectory accounts;
    private final EksroleConfig.Store store;
    private final RequestGate gate;
    private final StoreDatabase database;
    private final ServedMetrics metrics;
    private final DriftWatch watch;
    private SlackHttpServer http;
    private java.time.Instant startedAt;
    private SocketModeApp socketMode;
    private volatile boolean ready;

    @Inject
    public SlackBot(SlackSettings settings, App app, Slack slack, CheckExecutor executor, Provider<SlackRequestVerifier> verifier,
            ApplyHeartbeat heartbeat, FixPresenter fixes, Approvers approvers, AccountDirectory accounts,
            EksroleConfig.Store store, RequestGate gate, StoreDatabase database, ServedMetrics metrics, DriftWatch watch) {
        this.settings = requireNonNull(settings, "settings");
        this.app = requireNonNull(app, "app");
        this.slack = requireNonNull(slack, "slack");
        this.executor = requireNonNull(executor, "executor");
        this.verifier = requireNonNull(verifier, "verifier");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat");
        this.fixes = requireNonNull(fixes, "fixes");
        this.approvers = requireNonNull(approvers, "approvers");
        this.accounts = requireNonNull(accounts, "accounts");
        this.store = requireNonNull(store, "store");
        this.gate = requireNonNull(gate, "gate");
        this.database = requireNonNull(database, "database");
        this.metrics = requireNonNull(metrics, "metrics");
        this.watch = requireNonNull(watch, "watch");
    }

    /** Its own thread: a round that waits on Slack's rate limits must not hold up the heartbeat. */
    private final java.util.concurrent.ScheduledExecutorService recovery =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "eksrole-recovery");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * @throws SlackTokenRefusedException when Slack refuses the bot token
     * @throws SlackUnreachableException when Slack's Web API does not answer
     * @throws PortInUseException when {@code PORT} is taken
     * @throws dev.eksrole.store.StoreException when the store cannot be opened
     * @throws Exception when the server or the WebSocket cannot start otherwise
     */
    public synchronized void start() throws Exception {
        // the store has been opening in the background since the injector was made: Slack's sign-in (ours, then
        // Bolt's) goes on meanwhile, and the heartbeat and the recovery of interrupted fixes wait for the store
        checkBotToken();
        if (approvers.noneConfigured()) {
            LOG.warn("no approvers are configured (approvers: in the config): checks work, but no fix can be approved");
        }
        if (!settings.socketMode()) {
            startBolt();
        }
        database.awaitOpen();
        heartbeat.start();
        recoverInterrupted();
        long every = heartbeat.timing().recoveryEvery().toMillis();
        recovery.scheduleWithFixedDelay(this::recoverInterrupted, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        metrics.bindJvm();
        if (settings.socketMode()) {
            http = new SlackHttpServer(null, null, host(), settings.port(), () -> ready, metrics);
            http.start();
            socketMode = new SocketModeApp(SocketModeEnvelopes.client(slack, settings.appToken(), app), app);
            socketMode.startAsync();
        } else {
            http = new SlackHttpServer(app, verifier.get(), host(), settings.port(), () -> ready, metrics);
            http.start();
        }
        ready = true;
        watch.start();
        startedAt = java.time.Instant.now();
        LOG.info(ServeSummary.started(settings, http.port(), accounts.all(), store));
    }

    public int port() {
        return http.port();
    }

    /** Where the HTTP server listens: loopback for the demo, else every interface. */
    private String host() {
        return settings.loopbackOnly() ? "127.0.0.1" : null;
    }

    public boolean ready() {
        return ready;
    }

    private void recoverInterrupted() {
        try {
            int recovered = fixes.recoverInterrupted();
            if (recovered > 0) {
                LOG.warn("{} fix(es) had been interrupted mid-apply; they are now resumable", recovered);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not look for interrupted fixes: {}", e.toString());
        }
    }

    /**
     * A bot that cannot reach Slack at start cannot serve anyone: it stops with exit 69 and lets its supervisor
     * (a container runtime, systemd) restart it, rather than look healthy while every command fails.
     */
    private void checkBotToken() throws SlackTokenRefusedException, SlackUnreachableException {
        AuthTestResponse response;
        try {
            response = slack.methods(settings.botToken()).authTest(r -> r);
        } catch (IOException | SlackApiException e) {
            throw unreachable(e);
        }
        if (!response.isOk()) {
            throw new SlackTokenRefusedException("Slack refused SLACK_BOT_TOKEN (auth.test: " + response.getError()
                    + "); reinstall the app and copy the bot token again");
        }
        SlackWorkspace workspace = new SlackWorkspace(response.getTeamId(), response.getEnterpriseId(), response.isEnterpriseInstall());
        gate.signedIn(workspace);
        LOG.info("signed in to Slack as {} in {} ({}); requests from elsewhere are refused", response.getUser(), response.getTeam(),
                workspace);
    }

    /**
     * Bolt calls auth.test again as it starts and reports any failure as "The token is invalid (error: ...)",
     * a network failure included. Ours has just succeeded, so a failure here is the network's.
     */
    private void startBolt() throws SlackTokenRefusedException, SlackUnreachableException {
        try {
            app.start();
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).contains("auth.test error:")) {
                throw new SlackTokenRefusedException("Slack refused SLACK_BOT_TOKEN as Bolt started (" + e.getMessage()
                        + "); reinstall the app and copy the bot token again");
            }
            throw new SlackUnreachableException("cannot reach Slack at " + apiUrl() + " (auth.test as Bolt started: "
                    + e.getMessage() + "); check the network, a proxy, or SLACK_API_URL", e);
        }
    }

    private SlackUnreachableException unreachable(Exception e) {
        String reason;
        if (e instanceof SlackApiException api) {
            reason = "HTTP " + api.getResponse().code();
        } else if (e instanceof java.net.UnknownHostException) {
            reason = "unknown host " + e.getMessage();
        } else if (e instanceof java.net.SocketTimeoutException) {
            reason = "timed out";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new SlackUnreachableException("cannot reach Slack at " + apiUrl() + " (auth.test: " + reason
                + "); check the network, a proxy, or SLACK_API_URL", e);
    }

    /** Where the Web API client sends its calls: SLACK_API_URL, else Slack's own. */
    private String apiUrl() {
        return slack.getConfig().getMethodsEndpointUrlPrefix();
    }

    /**
     * Stops taking requests, lets running checks and fixes finish and post, beating for the fixes meanwhile, then
     * disconnects. A fix still running after the drain falls silent and becomes resumable on the heartbeat's bound.
     */
    @Override
    public synchronized void close() {
        ready = false;
        recovery.shutdownNow();
        watch.close();
        if (socketMode != null) {
            try {
                socketMode.stop();
            } catch (Exception e) {
                LOG.warn("Socket Mode did not stop cleanly: {}", e.toString());
            }
        }
        if (http != null) {
            http.close();
        }
        executor.close();
        heartbeat.close();
        metrics.close();
        try {
            app.stop();
        } catch (Exception e) {
            LOG.debug("Bolt did not stop cleanly", e);
        }
        if (startedAt != null) {
            LOG.info(ServeSummary.stopped(java.time.Duration.between(startedAt, java.time.Instant.now())));
            startedAt = null;
        }
    }
}

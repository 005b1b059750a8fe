package dev.eksrole.cli;

import dev.eksrole.demo.Demo;
import dev.eksrole.slack.PortInUseException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eksrole demo}: the bot with a local channel page and a simulated organisation, until the process is stopped. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the bot against a local channel page and a simulated organisation.",
            "Open the page, type /eksrole check prod-eu, act as requester or approver.",
            "Listens on 127.0.0.1 only and calls neither AWS nor Slack:",
            "it reads no AWS credentials and no Slack token.",
            "Ignores the config file: the demo brings its own accounts and approvers."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "64:bad option", "69:the port taken, or the store folder held by another process",
            "70:internal error"})
public final class DemoCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 3000;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "" + DEFAULT_PORT,
            description = "The page's port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--data", paramLabel = "<dir>",
            description = "Keep the demo's plans and audit trail in this folder (default: a temporary folder, removed at exit).")
    Path data;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Demo demo;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be a number from 0 to 65535, not " + port);
        }
        try {
            demo = Demo.start(port, data);
        } catch (BindException e) {
            throw new PortInUseException(port, "give --port a free port", e);
        }
        // from the JVM's start, so that the figure is what someone who typed the command waited
        long millis = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "eksrole-demo-shutdown"));
        spec.commandLine().getOut().println("eksrole demo: open " + demo.pageUrl() + " (ready " + millis
                + " ms after start; Ctrl-C stops it)");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** Stops the bot and the page; the shutdown hook calls it. */
    public void stop() {
        Demo running = demo;
        if (running != null) {
            demo = null;
            running.close();
        }
        stopped.countDown();
    }
}

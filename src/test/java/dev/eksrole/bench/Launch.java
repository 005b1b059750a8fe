package dev.eksrole.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command lines of the suite's processes: eksrole as shipped ({@code java [opts] -jar eksrole.jar ...} or the
 * launcher), and the baselines from jars of their own, started the same way with the baseline options.
 */
final class Launch {

    private final BenchOptions options;
    private final BenchJars jars;

    Launch(BenchOptions options, BenchJars jars) {
        this.options = requireNonNull(options, "options");
        this.jars = requireNonNull(jars, "jars");
    }

    /** eksrole with {@code args}; {@code extraJvmOptions} (e.g. a class-load log) go after the configured ones. */
    ProcessBuilder eksrole(List<String> extraJvmOptions, String... args) {
        List<String> jvm = BenchOptions.concat(options.eksroleJvmOptions(), extraJvmOptions);
        List<String> command = new ArrayList<>();
        ProcessBuilder builder = new ProcessBuilder(command);
        clean(builder.environment());
        if (options.launcher() != null) {
            command.add(options.launcher().toString());
            if (!jvm.isEmpty()) {
                builder.environment().put("JDK_JAVA_OPTIONS", String.join(" ", jvm));
            }
        } else {
            command.add(options.java().toString());
            command.addAll(jvm);
            command.add("-jar");
            command.add(options.jar().toString());
        }
        command.addAll(List.of(args));
        return builder;
    }

    ProcessBuilder hello(List<String> extraJvmOptions) {
        return baseline(jars.hello(), extraJvmOptions);
    }

    ProcessBuilder bareBolt(List<String> extraJvmOptions) {
        return baseline(jars.bareBolt(), extraJvmOptions);
    }

    private ProcessBuilder baseline(Path jar, List<String> extraJvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(options.java().toString());
        command.addAll(options.baselineJvmOptions());
        command.addAll(extraJvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        clean(builder.environment());
        return builder;
    }

    /**
     * Nothing of this machine's AWS, Slack or eksrole settings reaches a child, nor JVM options from the
     * environment, which would change what is measured on one side only.
     */
    static void clean(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("EKSROLE_") || k.startsWith("SLACK_")
                || k.equals("PORT") || k.equals("JDK_JAVA_OPTIONS") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("_JAVA_OPTIONS"));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
    }
}

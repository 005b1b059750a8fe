package dev.eksrole.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command; its subcommands do the work. */
@Command(
        name = "eksrole",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Diagnoses the Amazon EKS node IAM role in configured AWS accounts,",
            "from a terminal (check) or as a Slack bot (serve, the default);",
            "demo shows the bot in a local channel page over a simulated organisation.",
            "Config: EKSROLE_CONFIG (default config/eksrole.yml) or --config."
        })
public final class EksroleCommand {

    @Option(names = "--config", paramLabel = "<file>", scope = ScopeType.INHERIT,
            description = "The YAML config (default: EKSROLE_CONFIG, else config/eksrole.yml).")
    Path config;

    Path configPath() {
        return config;
    }
}

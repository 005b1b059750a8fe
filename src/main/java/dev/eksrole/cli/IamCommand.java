package dev.eksrole.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code eksrole iam <subcommand>}: the IAM set-up eksrole needs, derived from the config. */
@Command(name = "iam", mixinStandardHelpOptions = true,
        description = "Print the IAM set-up eksrole needs for the current config.")
public final class IamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("eksrole: name what to print, e.g. eksrole iam hub-policy");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}

package dev.eksrole.cli;

import dev.eksrole.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code eksrole --version}: the version the build wrote into the classes. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"eksrole " + Version.current()};
    }
}

package dev.eksrole.cli;

import com.google.inject.Injector;
import dev.eksrole.config.ConfigException;
import java.nio.file.Path;

/** Gives commands the application's one injector, built from the config on first use. */
@FunctionalInterface
public interface InjectorSource {

    /** @param configOverride a config path given on the command line, or {@code null} for EKSROLE_CONFIG */
    Injector injector(Path configOverride) throws ConfigException;
}

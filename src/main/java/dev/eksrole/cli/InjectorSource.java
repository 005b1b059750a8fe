package dev.eksrole.cli;

import com.google.inject.Injector;
import dev.eksrole.config.ConfigException;
import dev.eksrole.slack.SlackSettingsException;
import java.nio.file.Path;

/** Gives commands the application's one injector, built from the config on first use. */
public interface InjectorSource {

    /**
     * The injector for terminal commands: config and AWS.
     *
     * @param configOverride a config path given on the command line, or {@code null} for EKSROLE_CONFIG
     */
    Injector injector(Path configOverride) throws ConfigException;

    /** Where the config is read from: the {@code --config} path, else {@code EKSROLE_CONFIG}, else the default. */
    Path configPath(Path configOverride);

    /**
     * The injector for checking the account of the current credentials when there is no config file:
     * AWS with every default setting and no configured account.
     */
    Injector ownAccountInjector();

    /** The injector for reading the store (history): config and the database, no AWS. */
    Injector storeInjector(Path configOverride) throws ConfigException;

    /** The injector for the bot: config, AWS, the store and Slack, with the Slack settings from the environment. */
    Injector botInjector(Path configOverride) throws ConfigException, SlackSettingsException;
}

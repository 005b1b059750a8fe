package dev.eksrole.config;

/** The configuration cannot be used; the message names the key and what to do. */
public final class ConfigException extends Exception {

    private final String key;

    public ConfigException(String key, String message) {
        super(key == null ? message : key + ": " + message);
        this.key = key;
    }

    /** The offending key as a path, e.g. {@code accounts[1].roleArn}, or {@code null} for the whole file. */
    public String key() {
        return key;
    }
}

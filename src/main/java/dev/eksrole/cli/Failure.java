package dev.eksrole.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.eksrole.store.StoreException;
import dev.eksrole.store.StoreUnavailableException;
import dev.eksrole.config.ConfigException;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.slack.PortInUseException;
import dev.eksrole.slack.SlackSettingsException;
import dev.eksrole.slack.SlackTokenRefusedException;
import dev.eksrole.slack.SlackUnreachableException;
import java.lang.reflect.InvocationTargetException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a command that could not finish ends: the exit code, a stable code for scripts ({@code --json} prints
 * {@code {"error": code, "message": message}}) and one line for people. The one place that turns exceptions
 * into outcomes; commands throw, none of them catches to print.
 *
 * @param code one of {@code usage}, {@code bad_config}, {@code bad_environment}, {@code unknown_account},
 *     {@code slack_token_refused}, {@code store_unavailable}, {@code slack_unreachable}, {@code port_taken},
 *     {@code no_caller_account}, {@code internal}
 */
public record Failure(int exitCode, String code, String message) {

    /** Commands whose exit code is a verdict: whatever stops them short of one leaves it UNKNOWN (3). */
    private static final Set<String> VERDICT_COMMANDS = Set.of("check", "scan");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Failure usage(String message) {
        return new Failure(ExitCodes.USAGE, "usage", message);
    }

    /**
     * @param command the name of the command that failed ({@code serve}, {@code history}...), for its exit codes and hints
     */
    public static Failure of(Throwable thrown, String command) {
        Throwable e = unwrap(thrown);
        Failure failure;
        if (e instanceof UsageException) {
            failure = usage(e.getMessage());
        } else if (e instanceof ConfigException) {
            failure = new Failure(ExitCodes.USAGE, "bad_config", "bad config: " + e.getMessage());
        } else if (e instanceof NoVerdictException noVerdict) {
            failure = new Failure(ExitCodes.UNKNOWN, noVerdict.code(), e.getMessage());
        } else if (e instanceof UnknownAccountException) {
            failure = new Failure(ExitCodes.USAGE, "unknown_account", e.getMessage());
        } else if (e instanceof SlackSettingsException) {
            failure = new Failure(ExitCodes.USAGE, "bad_environment", e.getMessage());
        } else if (e instanceof SlackTokenRefusedException) {
            failure = new Failure(ExitCodes.USAGE, "slack_token_refused", e.getMessage());
        } else if (e instanceof SlackUnreachableException) {
            failure = new Failure(ExitCodes.UNAVAILABLE, "slack_unreachable", e.getMessage());
        } else if (e instanceof PortInUseException) {
            failure = new Failure(ExitCodes.UNAVAILABLE, "port_taken", e.getMessage());
        } else if (e instanceof StoreException store) {
            failure = new Failure(ExitCodes.UNAVAILABLE, "store_unavailable", "store unavailable: " + store.getMessage() + storeHint(store, command));
        } else {
            failure = new Failure(ExitCodes.INTERNAL, "internal", "internal error: " + summary(e)
                    + "; run with EKSROLE_LOG_LEVEL=DEBUG for the stack trace");
        }
        if (VERDICT_COMMANDS.contains(command) && failure.exitCode() != ExitCodes.USAGE) {
            return new Failure(ExitCodes.UNKNOWN, failure.code(), failure.message());
        }
        return failure;
    }

    /** The {@code --json} form, one object for stdout. */
    public String json() {
        return JSON.createObjectNode().put("error", code).put("message", message).toString();
    }

    /**
     * The exception that says what went wrong: Guice reports a provider's failure inside a CreationException
     * (Stage.PRODUCTION builds singletons, the store among them, with the injector) or a ProvisionException.
     */
    static Throwable unwrap(Throwable thrown) {
        Throwable e = thrown;
        for (int depth = 0; depth < 10; depth++) {
            Throwable inner = null;
            if (e instanceof CreationException creation) {
                inner = firstCause(creation.getErrorMessages());
            } else if (e instanceof ProvisionException provision) {
                inner = firstCause(provision.getErrorMessages());
            } else if (e instanceof ExecutionException || e instanceof CompletionException || e instanceof InvocationTargetException) {
                inner = e.getCause();
            }
            if (inner == null) {
                return e;
            }
            e = inner;
        }
        return e;
    }

    private static Throwable firstCause(Iterable<Message> messages) {
        for (Message message : messages) {
            if (message.getCause() != null) {
                return message.getCause();
            }
        }
        return null;
    }

    private static String storeHint(StoreException store, String command) {
        if (!(store instanceof StoreUnavailableException unavailable)) {
            return "";
        }
        if (unavailable.heldByAnotherProcess()) {
            if ("demo".equals(command)) {
                return ", most likely another eksrole demo started with the same --data; stop it, give this one another "
                        + "--data folder, or leave --data out for a temporary one";
            }
            return "history".equals(command)
                    ? ", most likely the running bot; read the history with /eksrole history in Slack, or use PostgreSQL "
                            + "(store.jdbcUrl) to read it from other processes"
                    : ", most likely a bot already serving from this store.dataDir; stop it, give this one its own "
                            + "store.dataDir, or let replicas share PostgreSQL (store.jdbcUrl)";
        }
        if ("demo".equals(command)) {
            return "; give --data a folder this user can create and write, or leave --data out for a temporary one";
        }
        return "; check " + unavailable.setting() + " and that the database is up and reachable from here";
    }

    private static String summary(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
    }
}

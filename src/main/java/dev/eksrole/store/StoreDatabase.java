package dev.eksrole.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.ParallelReads;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database behind the plan store and the audit log: a small connection pool whose schema is brought up to
 * date when it opens. Without a JDBC URL it is an H2 file under the data directory, enough for one bot; replicas
 * share a PostgreSQL database. Flyway locks the schema history while it migrates, so replicas may start together.
 */
public final class StoreDatabase implements AutoCloseable {

    /** Where the password may come from instead of the configuration file. */
    public static final String PASSWORD_VARIABLE = "EKSROLE_STORE_PASSWORD";

    static final int POOL_SIZE = 8;
    static final String MIGRATIONS = "classpath:db/migration";

    private static final Logger LOG = LoggerFactory.getLogger(StoreDatabase.class);
    private static final String MASK = "****";
    private static final Pattern URL_PASSWORD_PARAMETER =
            Pattern.compile("(?i)([?&;][^?&;=]*password\\s*=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@?;]*):[^@/?;]*@");
    /** H2's DATABASE_ALREADY_OPEN_1: another process holds the file lock. */
    private static final int H2_FILE_IN_USE = 90020;
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** The files H2 makes for the database {@code eksrole}: the store itself, and the trace it writes when a statement fails. */
    private static final List<String> H2_FILES = List.of("eksrole.mv.db", "eksrole.trace.db");

    /** The pool and the masked URL once the database is open and migrated. */
    private record Opened(HikariDataSource dataSource, String url) {
    }

    private final CompletableFuture<Opened> opening;
    private final DataSource dataSource = new WhenOpen(this::pool);

    private StoreDatabase(CompletableFuture<Opened> opening) {
        this.opening = opening;
    }

    /**
     * Starts opening the pool and migrating the schema on a thread of its own and returns at once, so that a starting
     * bot signs in to Slack meanwhile; the first use of {@link #dataSource()} (or {@link #awaitOpen()}) waits for it and
     * throws what stopped it.
     *
     * @param env the process environment; {@value #PASSWORD_VARIABLE} there overrides the configured password
     */
    public static StoreDatabase openInBackground(EksroleConfig.Store store, Map<String, String> env) {
        requireNonNull(store, "store");
        requireNonNull(env, "env");
        CompletableFuture<Opened> opening = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                opening.complete(openNow(store, env));
            } catch (Throwable t) {
                opening.completeExceptionally(t);
            }
        }, "eksrole-store-open");
        thread.setDaemon(true);
        thread.start();
        return new StoreDatabase(opening);
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @param env the process environment; {@value #PASSWORD_VARIABLE} there overrides the configured password
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static StoreDatabase open(EksroleConfig.Store store, Map<String, String> env) {
        return new StoreDatabase(CompletableFuture.completedFuture(openNow(store, env)));
    }

    private static Opened openNow(EksroleConfig.Store store, Map<String, String> env) {
        requireNonNull(store, "store");
        requireNonNull(env, "env");
        String password = env.get(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            password = store.password();
        }
        String jdbcUrl;
        String username = store.username();
        String setting = store.jdbcUrl() == null ? "store.dataDir" : "store.jdbcUrl";
        if (store.jdbcUrl() == null) {
            jdbcUrl = h2FileUrl(requireNonNull(store.dataDir(), "store.dataDir"));
            username = username == null ? "sa" : username;
            password = password == null ? "" : password;
        } else {
            jdbcUrl = store.jdbcUrl();
        }
        Secrets secrets = new Secrets(jdbcUrl, password, setting);

        HikariConfig config = new HikariConfig();
        config.setPoolName("eksrole-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (heldByAnotherProcess(e)) {
                String file = store.jdbcUrl() == null
                        ? store.dataDir().toAbsolutePath().normalize().resolve("eksrole.mv.db").toString() : secrets.url();
                throw new StoreUnavailableException("the H2 store " + file + " is held by another eksrole process", true, setting, null);
            }
            throw secrets.failure("cannot open the store at " + secrets.url() + ": " + reason(e), e);
        }
        try {
            MigrateResult result = Flyway.configure(StoreDatabase.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            LOG.info("Store at {} is at schema version {} ({} migrations applied now)", secrets.url(),
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            dataSource.close();
            throw secrets.failure("cannot migrate the store at " + secrets.url() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Opened(dataSource, secrets.url());
    }

    /**
     * Waits until the database is open and migrated.
     *
     * @throws StoreException what stopped it (unreachable, held by another process, a failed migration)
     */
    public void awaitOpen() {
        pool();
    }

    /** The pool; a connection asked for before the database is open waits for it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL with any password in it masked, for logs and messages. */
    public String url() {
        return opened().url();
    }

    private HikariDataSource pool() {
        return opened().dataSource();
    }

    private Opened opened() {
        return ParallelReads.await(opening);
    }

    /** Closes the pool once it is open (waiting for an opening under way); with the default H2 file this also closes the database cleanly. */
    @Override
    public void close() {
        try {
            opening.join().dataSource().close();
        } catch (CompletionException | CancellationException e) {
            // it never opened: nothing to close
        }
    }

    /** The JDBC URL with passwords in its parameters or user info masked. */
    static String redact(String jdbcUrl) {
        String masked = URL_PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1" + MASK);
        return URL_USER_INFO.matcher(masked).replaceAll("$1:" + MASK + "@");
    }

    // DB_CLOSE_ON_EXIT=FALSE: the pool, not H2's shutdown hook, closes the database, so a shutdown that still
    // writes the audit log does not find it gone. WRITE_DELAY=0: every commit reaches the file before the call
    // returns (H2 otherwise writes in the background up to half a second later), so an approval survives a crash.
    // LOCK_TIMEOUT: callers racing for one plan's row wait for the winner's commit instead of failing after H2's 2 s.
    private static String h2FileUrl(Path dataDir) {
        Path directory = dataDir.toAbsolutePath().normalize();
        if (directory.toString().contains(";")) {
            throw new StoreUnavailableException("the store's data directory must not contain ';': " + directory, false, "store.dataDir", null);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the store's data directory " + directory + ": " + why(e), false, "store.dataDir", e);
        }
        keepPrivate(directory);
        return "jdbc:h2:file:" + directory.resolve("eksrole") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    }

    /**
     * Plans and the audit trail are for the bot alone: the data directory is made 0700 and H2's files 0600, the ones
     * H2 would create (the database, and its trace when a statement fails) created empty first, since H2 creates files
     * with the process's umask (0644 as a rule). Files left readable by an earlier version are tightened too. Where the
     * file system has no POSIX permissions (Windows), its own access rules apply.
     */
    private static void keepPrivate(Path directory) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.setPosixFilePermissions(directory, PRIVATE_DIRECTORY);
            for (String name : H2_FILES) {
                Path file = directory.resolve(name);
                if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "eksrole.*")) {
                for (Path file : files) {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(file, PRIVATE_FILE);
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // a folder the bot does not own (a mounted volume) keeps its mode; the store still works
            LOG.warn("cannot make the store's data directory {} private to this user (0700, files 0600): {}", directory, e.toString());
        }
    }

    private static boolean heldByAnotherProcess(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_FILE_IN_USE && sql.getSQLState() != null
                    && sql.getClass().getName().startsWith("org.h2.")) {
                return true;
            }
        }
        return false;
    }

    /** Why a connection failed, in the fewest words that say it: the network's reason, else the driver's. */
    /** Why a folder could not be made, in words: the JDK names the path of the trouble, not what it is. */
    private static String why(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return e.getMessage() + " is there and is not a folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied at " + e.getMessage();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return e.getMessage() + " cannot be made there";
        }
        return e.toString();
    }

    private static String reason(Throwable failure) {
        SQLException firstSqlException = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return cause.getMessage() == null ? "connection refused" : cause.getMessage().toLowerCase(Locale.ROOT);
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (firstSqlException == null && cause instanceof SQLException sqlException) {
                firstSqlException = sqlException;
            }
        }
        return String.valueOf((firstSqlException != null ? firstSqlException : failure).getMessage());
    }

    /** Keeps the password, and a URL that holds it, out of messages and out of the causes they carry. */
    private record Secrets(String rawUrl, String password, String setting) {

        String url() {
            return redact(rawUrl);
        }

        StoreUnavailableException failure(String message, Throwable cause) {
            String scrubbed = scrub(message);
            return new StoreUnavailableException(scrubbed, false, setting, leaks(cause) ? null : cause);
        }

        private String scrub(String text) {
            String scrubbed = text.replace(rawUrl, url());
            return password == null || password.isEmpty() ? scrubbed : scrubbed.replace(password, MASK);
        }

        private boolean leaks(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                String text = String.valueOf(t.getMessage());
                boolean holdsUrl = !rawUrl.equals(url()) && text.contains(rawUrl);
                boolean holdsPassword = password != null && !password.isEmpty() && text.contains(password);
                if (holdsUrl || holdsPassword) {
                    return true;
                }
            }
            return false;
        }
    }
}

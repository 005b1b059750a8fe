package dev.eksrole.store;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The store's {@link DataSource} while the database may still be opening: each call waits for the pool (and
 * throws what stopped it from opening), then goes to it. Injected at once, so nothing waits before it is used.
 */
final class WhenOpen implements DataSource {

    private final Supplier<DataSource> pool;

    WhenOpen(Supplier<? extends DataSource> pool) {
        requireNonNull(pool, "pool");
        this.pool = pool::get;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.get().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool.get().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.get().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.get().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.get().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.get().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.get().getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.get().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.get().isWrapperFor(type);
    }
}

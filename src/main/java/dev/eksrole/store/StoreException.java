package dev.eksrole.store;

import java.sql.SQLException;

/**
 * The store failed: the database cannot be reached, a statement failed, or a row cannot be read.
 * The message says what was being done; it never holds a password.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A statement failed: what was being done, then the database's own words. */
    public static StoreException failed(String context, SQLException e) {
        return new StoreException(context + ": " + e.getMessage(), e);
    }
}

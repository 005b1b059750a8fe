package dev.eksrole.store;

/**
 * The store cannot be opened: the database is unreachable or refuses eksrole, or the H2 file is held by another
 * process (H2 lets one process open a file).
 */
public final class StoreUnavailableException extends StoreException {

    private final boolean heldByAnotherProcess;
    private final String setting;

    StoreUnavailableException(String message, boolean heldByAnotherProcess, String setting, Throwable cause) {
        super(message, cause);
        this.heldByAnotherProcess = heldByAnotherProcess;
        this.setting = setting;
    }

    /** Whether another process holds the H2 file, as a running bot does. */
    public boolean heldByAnotherProcess() {
        return heldByAnotherProcess;
    }

    /** The configuration key that says where the store is: {@code store.jdbcUrl} or {@code store.dataDir}. */
    public String setting() {
        return setting;
    }
}

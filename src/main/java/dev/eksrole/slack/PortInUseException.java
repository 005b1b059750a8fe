package dev.eksrole.slack;

/** The HTTP port ({@code PORT}) is taken by another process. */
public final class PortInUseException extends Exception {

    private final int port;

    public PortInUseException(int port, Throwable cause) {
        this(port, "set PORT to a free port", cause);
    }

    /** @param elsewhere how to pick another port, e.g. {@code "give --port a free port"} */
    public PortInUseException(int port, String elsewhere, Throwable cause) {
        super("port " + port + " is already in use; stop what listens there or " + elsewhere, cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}

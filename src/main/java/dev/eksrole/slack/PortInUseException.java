package dev.eksrole.slack;

/** The HTTP port ({@code PORT}) is taken by another process. */
public final class PortInUseException extends Exception {

    private final int port;

    public PortInUseException(int port, Throwable cause) {
        super("port " + port + " is already in use; stop what listens there or set PORT to a free port", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}

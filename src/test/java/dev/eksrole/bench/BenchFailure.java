package dev.eksrole.bench;

/** A measurement that could not be taken: what went wrong, in one line, and where to look. */
final class BenchFailure extends RuntimeException {

    BenchFailure(String message) {
        super(message);
    }

    BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.eksrole.noderole;

/**
 * How many accounts a scan checks at once. A scan's time is mostly waiting for AWS, so more in flight is faster
 * until the machine's CPU or AWS's rate limits stop it: measured on two cores with 50 ms per AWS call, 100
 * accounts of 300 roles took 5.8 s at 8, 2.6 s at 32 and 2.0 s at 64 with a spread three times as wide (the README,
 * "Scanning every account").
 */
public record ScanParallelism(int accounts) {

    public static final int DEFAULT = 32;
    /** As many as the HTTP client's connections: more would only queue there. */
    public static final int MAX = 64;

    public ScanParallelism {
        if (accounts < 1 || accounts > MAX) {
            throw new IllegalArgumentException("a scan checks 1 to " + MAX + " accounts at once, not " + accounts);
        }
    }
}

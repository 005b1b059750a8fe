package dev.eksrole.testing.aws;

import java.util.Objects;

/**
 * Access key material issued by {@link FakeAws}.
 *
 * @param accessKeyId     {@code AKIA...} for long-term user keys, {@code ASIA...} for temporary ones
 * @param secretAccessKey the secret the fake verifies SigV4 signatures with
 * @param sessionToken    the session token of temporary credentials, {@code null} for long-term keys
 */
public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    public boolean temporary() {
        return sessionToken != null;
    }

    @Override
    public String toString() {
        return "Credentials[accessKeyId=" + accessKeyId + ", temporary=" + temporary() + "]";
    }
}

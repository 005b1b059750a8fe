package dev.eksrole.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container's health check: {@code GET http://127.0.0.1:$PORT/health}, exit 0 on 200, else 1.
 * Slim Java images carry no curl, so the probe ships in the jar.
 */
public final class HealthProbe {

    private HealthProbe() {}

    public static void main(String[] args) {
        System.exit(probe(System.getenv().getOrDefault("PORT", "3000")) ? 0 : 1);
    }

    static boolean probe(String port) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.strip() + "/health"))
                            .timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}

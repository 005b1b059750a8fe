package dev.eksrole.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Key;
import com.slack.api.Slack;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.noderole.AccountAccess;
import dev.eksrole.noderole.CallerAccountFinder;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The demo cannot reach real AWS or real Slack: no AWS client or credential source exists in its injector, the accounts
 * are the simulated organisation, Slack's Web API is the demo's own on 127.0.0.1, and both servers listen on loopback only.
 */
class DemoLoopbackTest {

    @TempDir
    Path data;

    private Demo demo;

    @BeforeEach
    void start() throws Exception {
        demo = Demo.start(0, data);
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void noAwsClientNorCredentialSourceIsBoundAndTheAccountsAreTheSimulatedOnes() {
        var injector = demo.injector();
        assertThat(injector.getExistingBinding(Key.get(SdkHttpClient.class))).isNull();
        assertThat(injector.getExistingBinding(Key.get(AccountSessionCache.class))).isNull();
        assertThat(injector.getExistingBinding(Key.get(CallerAccountFinder.class))).isNull();
        assertThat(injector.getInstance(AccountAccess.class)).isSameAs(demo.organisation());
    }

    @Test
    void theBotCallsSlacksWebApiOnLoopbackOnly() {
        String prefix = demo.injector().getInstance(Slack.class).getConfig().getMethodsEndpointUrlPrefix();
        URI api = URI.create(prefix);
        assertThat(api.getScheme()).isEqualTo("http");
        assertThat(api.getHost()).isEqualTo("127.0.0.1");
        assertThat(api.getPort()).isEqualTo(demo.port());
    }

    @Test
    void bothServersListenOnLoopbackAndNowhereElse() throws IOException {
        assertThat(reachable(InetAddress.getByName("127.0.0.1"), demo.port())).isTrue();
        assertThat(reachable(InetAddress.getByName("127.0.0.1"), demo.botPort())).isTrue();
        Optional<InetAddress> outside = nonLoopbackAddress();
        Assumptions.assumeTrue(outside.isPresent(), "this machine has no address but loopback");
        assertThat(reachable(outside.get(), demo.port())).as("the page's server from %s", outside.get()).isFalse();
        assertThat(reachable(outside.get(), demo.botPort())).as("the bot from %s", outside.get()).isFalse();
    }

    @Test
    void theWebApiRefusesAnotherTokenAndTheServerAnotherHostName() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var wrongToken = http.send(java.net.http.HttpRequest.newBuilder(URI.create(demo.pageUrl() + "api/chat.postMessage"))
                .header("Authorization", "Bearer xoxb-not-the-demos").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("channel=" + DemoChannel.ID + "&text=hi")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(wrongToken.body()).contains("\"ok\":false", "invalid_auth");

        try (Socket socket = new Socket("127.0.0.1", demo.port())) {
            socket.getOutputStream().write(("GET /demo/state HTTP/1.1\r\nHost: attacker.example:" + demo.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 421");
        }
    }

    @Test
    void aTakenPortIsABindFailure() {
        assertThatThrownBy(() -> Demo.start(demo.port(), data.resolve("second"))).isInstanceOf(java.net.BindException.class);
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!face.isUp() || face.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(face.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}

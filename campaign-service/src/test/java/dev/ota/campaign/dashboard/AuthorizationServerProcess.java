package dev.ota.campaign.dashboard;

import dev.ota.infra.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The platform's real authorization server (module auth-server, its Spring Boot jar from the test classpath) run as
 * its own process, as in production, with the dashboard's redirect URI pointed at the service under test.
 */
final class AuthorizationServerProcess implements AutoCloseable {

    private final Process process;
    private final String issuer;

    private AuthorizationServerProcess(Process process, String issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    /**
     * Starts the server on {@code localhost} (a different cookie host from the dashboard's 127.0.0.1).
     *
     * @param dashboardBaseUrl where the dashboard runs, e.g. http://127.0.0.1:8082
     */
    static AuthorizationServerProcess start(int port, String dashboardBaseUrl)
            throws IOException, InterruptedException {
        String jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("auth-server") && entry.endsWith(".jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("auth-server jar not on the test classpath"));
        String issuer = "http://localhost:" + port;
        Path log = Files.createTempFile("auth-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("OTA_AUTH_PORT", String.valueOf(port));
        builder.environment().put("OTA_ISSUER", issuer);
        builder.environment().put("OTA_DASHBOARD_REDIRECT", dashboardBaseUrl + "/login/oauth2/code/ota");
        Process process = builder.start();
        AuthorizationServerProcess server = new AuthorizationServerProcess(process, issuer);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("auth-server exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(issuer + "/oauth2/jwks"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        server.close();
        throw new IllegalStateException("auth-server did not start within 90 s: " + Files.readString(log));
    }

    /**
     * Starts the server for a dashboard on {@code 127.0.0.1:dashboardPort} and points the service under test at it:
     * its port, and the authorization server's endpoints for the browser login.
     */
    static AuthorizationServerProcess startFor(DynamicPropertyRegistry registry, int dashboardPort)
            throws IOException, InterruptedException {
        AuthorizationServerProcess server = start(FreePorts.pick(), "http://127.0.0.1:" + dashboardPort);
        String issuer = server.issuer();
        registry.add("server.port", () -> dashboardPort);
        registry.add(
                "spring.security.oauth2.client.provider.ota.authorization-uri", () -> issuer + "/oauth2/authorize");
        registry.add("spring.security.oauth2.client.provider.ota.token-uri", () -> issuer + "/oauth2/token");
        registry.add("spring.security.oauth2.client.provider.ota.jwk-set-uri", () -> issuer + "/oauth2/jwks");
        return server;
    }

    String issuer() {
        return issuer;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

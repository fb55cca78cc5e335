package dev.ota.cli;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform's authorization server (module auth-server: its jar from the test class path, with its own
 * configuration: demo people, the {@code ota-cli} device client) run as a separate process, as {@code ./ota up} runs it.
 */
final class LocalAuthorizationServer implements AutoCloseable {

    private final Process process;
    private final Path log;
    final String issuer;

    private LocalAuthorizationServer(Process process, Path log, String issuer) {
        this.process = process;
        this.log = log;
        this.issuer = issuer;
    }

    static LocalAuthorizationServer start() throws IOException, InterruptedException {
        String jar = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .filter(entry -> entry.contains("auth-server") && entry.endsWith(".jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no auth-server jar on the test class path"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String issuer = "http://localhost:" + port;
        Path log = Files.createTempFile("auth-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("OTA_AUTH_PORT", String.valueOf(port));
        builder.environment().put("OTA_ISSUER", issuer);
        LocalAuthorizationServer server = new LocalAuthorizationServer(builder.start(), log, issuer);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(issuer + "/actuator/health/readiness"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException starting) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("auth-server did not become ready: " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

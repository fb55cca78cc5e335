package dev.ota.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server standing in for the platform's REST APIs in the command line's unit tests: canned answers per method
 * and path (a queue, the last answer repeats), every request recorded. The real platform is driven by the system test.
 */
final class FakePlatform implements AutoCloseable {

    record Answer(int status, String body) {}

    record Request(String method, String path, String authorization, String body) {}

    private final HttpServer server;
    private final Map<String, Queue<Answer>> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakePlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers for {@code "GET /api/campaigns/..."}; each request takes the next, the last one repeats. */
    FakePlatform on(String methodAndPath, Answer... sequence) {
        answers.put(methodAndPath, new ArrayDeque<>(List.of(sequence)));
        return this;
    }

    FakePlatform on(String methodAndPath, int status, String body) {
        return on(methodAndPath, new Answer(status, body));
    }

    /** A token endpoint issuing a JWT-shaped token for the given subject, roles and lifetime. */
    FakePlatform issuing(String subject, String role, long expiresIn) {
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"sub\":\"" + subject + "\",\"roles\":[\"" + role
                                + "\"],\"aud\":[\"campaign-service\",\"signing-service\"]}")
                        .getBytes(StandardCharsets.UTF_8));
        return on(
                "POST /oauth2/token",
                200,
                "{\"access_token\":\"h." + payload + ".s\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                        + "}");
    }

    long count(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .count();
    }

    /** Environment variables that point every service of the command line here, with its login in {@code config}. */
    Map<String, String> environment(Path config) {
        Map<String, String> environment = new HashMap<>();
        environment.put("OTA_CONFIG", config.toString());
        for (String variable :
                List.of("OTA_ISSUER", "OTA_SIGNING_URL", "OTA_CAMPAIGN_URL", "OTA_HEALTH_URL", "OTA_AUDIT_URL")) {
            environment.put(variable, url());
        }
        return environment;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(
                exchange.getRequestMethod(),
                path,
                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                body));
        Queue<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
        Answer answer;
        if (queue == null) {
            answer = new Answer(404, "{\"title\":\"Not Found\",\"detail\":\"no answer for " + path + "\"}");
        } else {
            synchronized (queue) {
                answer = queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", answer.status() >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A terminal with no person at it, writing into strings. */
    static final class Captured {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Terminal terminal;

        Captured(Map<String, String> environment) {
            terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true), environment, null, false);
        }

        int run(String... args) {
            return OtaCli.run(terminal, args);
        }
    }
}

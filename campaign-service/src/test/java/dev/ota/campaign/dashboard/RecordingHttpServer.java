package dev.ota.campaign.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A JSON-answering HTTP server on a free loopback port that keeps the bearer token of every request, for the
 * stand-ins of the services the dashboard relays to.
 */
final class RecordingHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> tokens = new ArrayList<>();

    RecordingHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    /** Answers requests under {@code path} with the body {@code answer} gives for the request's path. */
    RecordingHttpServer answer(String path, Function<String, String> answer) {
        server.createContext(
                path,
                exchange ->
                        respond(exchange, answer.apply(exchange.getRequestURI().getPath())));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The bearer tokens the requests carried, oldest first. */
    synchronized List<String> tokens() {
        return List.copyOf(tokens);
    }

    private void respond(HttpExchange exchange, String body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        synchronized (this) {
            tokens.add(authorization == null ? "" : authorization.replaceFirst("^Bearer ", ""));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

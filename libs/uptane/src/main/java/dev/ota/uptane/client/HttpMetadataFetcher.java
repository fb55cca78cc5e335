package dev.ota.uptane.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Fetches repository files over HTTP(S) with the JDK client, never reading more than the allowed length. */
public final class HttpMetadataFetcher implements MetadataFetcher {

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    /** @param base the repository base, e.g. {@code http://host:8081/repo/image/} (trailing slash) */
    public HttpMetadataFetcher(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.timeout = timeout;
    }

    @Override
    public byte @Nullable [] fetch(String path, long maxLength) throws IOException {
        try (InputStream in = open(path)) {
            return in == null ? null : MetadataFetcher.readBounded(in, maxLength, path);
        }
    }

    /** Opens a file (e.g. a target image) as a stream; null when absent. The caller bounds and verifies it. */
    public @Nullable InputStream open(String path) throws IOException {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 404 || response.statusCode() == 403) {
                response.body().close();
                return null;
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + path, e);
        }
    }
}

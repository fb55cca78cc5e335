package dev.ota.uptane.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Fetches repository files over HTTP(S) with the JDK client, never reading more than the allowed length, and never
 * slower than a {@link MinimumRate} (metadata and images alike: a slow retrieval attack is refused, not waited out).
 */
public final class HttpMetadataFetcher implements MetadataFetcher {

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final MinimumRate minimumRate;

    /** @param base the repository base, e.g. {@code http://host:8081/repo/image/} (trailing slash) */
    public HttpMetadataFetcher(HttpClient http, URI base, Duration timeout) {
        this(http, base, timeout, MinimumRate.DEFAULT);
    }

    /**
     * @param timeout until the response headers arrive
     * @param minimumRate the slowest body accepted after that
     */
    public HttpMetadataFetcher(HttpClient http, URI base, Duration timeout, MinimumRate minimumRate) {
        this.http = http;
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.timeout = timeout;
        this.minimumRate = minimumRate;
    }

    @Override
    public byte @Nullable [] fetch(String path, long maxLength) throws IOException {
        try (InputStream in = open(path)) {
            return in == null ? null : MetadataFetcher.readBounded(in, maxLength, path);
        }
    }

    /**
     * Opens a file (e.g. a target image) as a stream; null when absent. The caller bounds and verifies it; reading
     * throws {@link Attack#SLOW_RETRIEVAL} when the body arrives slower than the minimum rate.
     */
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
            return SlowRetrievalGuard.watch(response.body(), "GET " + path, minimumRate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + path, e);
        }
    }
}

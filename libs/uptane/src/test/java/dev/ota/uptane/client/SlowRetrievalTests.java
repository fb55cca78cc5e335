package dev.ota.uptane.client;

import static dev.ota.uptane.client.StrictVerifierTests.assertAttack;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Uptane 2.0 section 5.4: downloads slower than a minimum average rate are a slow retrieval attack. */
class SlowRetrievalTests {

    private static final MinimumRate RATE = new MinimumRate(10_000, Duration.ofMillis(200));

    @Test
    void aTrickleBelowTheMinimumRateIsASlowRetrievalAttack() {
        InputStream trickle = new InputStream() {
            private int left = 100;

            @Override
            public int read() {
                sleep(20);
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int b = read();
                if (b < 0) {
                    return -1;
                }
                buffer[offset] = (byte) b;
                return 1;
            }
        };

        assertAttack(
                () -> SlowRetrievalGuard.watch(trickle, "image", RATE).readAllBytes(), Attack.SLOW_RETRIEVAL, "image");
    }

    @Test
    void aServerThatSendsNothingMoreIsStoppedAndNamed() {
        var closed = new CountDownLatch(1);
        InputStream silent = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    closed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("closed");
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };

        assertAttack(
                () -> SlowRetrievalGuard.watch(silent, "snapshot.json", RATE).read(),
                Attack.SLOW_RETRIEVAL,
                "snapshot.json");
    }

    @Test
    void aDownloadAboveTheMinimumRatePasses() throws IOException {
        byte[] content = new byte[50_000];

        try (InputStream in = SlowRetrievalGuard.watch(new ByteArrayInputStream(content), "image", RATE)) {
            assertThat(in.readAllBytes()).hasSize(content.length);
        }
    }

    @Test
    void httpMetadataIsWatchedAfterItsHeadersArrived() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var release = new CountDownLatch(1);
        server.createContext("/repo/timestamp.json", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(new byte[10]);
                body.flush();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            var fetcher = new HttpMetadataFetcher(
                    http,
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/repo/"),
                    Duration.ofSeconds(5),
                    RATE);

            assertAttack(() -> fetcher.fetch("timestamp.json", 16 * 1024), Attack.SLOW_RETRIEVAL, "timestamp.json");
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

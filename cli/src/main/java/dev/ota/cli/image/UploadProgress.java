package dev.ota.cli.image;

import dev.ota.cli.Terminal;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr for an upload streamed from a file, when stderr is a terminal (nothing in CI logs). It counts
 * the bytes as the HTTP client takes them from the file and redraws at most five times a second.
 */
final class UploadProgress {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 30;

    private final Terminal terminal;
    private final String label;
    private final long total;
    private final AtomicLong sent = new AtomicLong();
    private volatile long lastDrawn;
    private volatile boolean drawn;

    UploadProgress(Terminal terminal, String label, long total) {
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    /** The file as a request body whose bytes are counted on their way out. */
    HttpRequest.BodyPublisher counting(Path file) throws FileNotFoundException {
        HttpRequest.BodyPublisher source = HttpRequest.BodyPublishers.ofFile(file);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return source.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                source.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        advance(item.remaining());
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }

    void finish() {
        if (drawn) {
            draw(sent.get());
            terminal.err().println();
            terminal.err().flush();
        }
    }

    long sent() {
        return sent.get();
    }

    private void advance(int bytes) {
        long now = System.nanoTime();
        long sentSoFar = sent.addAndGet(bytes);
        if (terminal.progress() && (now - lastDrawn > REDRAW_NANOS || sentSoFar == total)) {
            lastDrawn = now;
            drawn = true;
            draw(sentSoFar);
        }
    }

    private void draw(long sentSoFar) {
        terminal.err().print("\r" + bar(label, sentSoFar, total));
        terminal.err().flush();
    }

    /** {@code ecm 4.2.0 [##########..........]  50% 12.0/24.0 MiB} */
    static String bar(String label, long sent, long total) {
        int percent = total == 0 ? 100 : (int) Math.min(100, sent * 100 / total);
        int filled = percent * BAR_WIDTH / 100;
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %3d%% %.1f/%.1f MiB",
                label,
                "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled),
                percent,
                sent / 1048576.0,
                total / 1048576.0);
    }
}

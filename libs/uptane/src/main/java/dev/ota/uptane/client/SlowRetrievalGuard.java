package dev.ota.uptane.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A download stream that refuses to be slower than a {@link MinimumRate}. A watchdog looks at every window: when
 * fewer bytes than the window requires arrived, the stream is closed (which wakes a read blocked on a silent
 * server) and every read from then on throws {@link Attack#SLOW_RETRIEVAL}. An HTTP client's timeout cannot do this:
 * it stops counting once the response headers arrive.
 */
final class SlowRetrievalGuard extends FilterInputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("slow-retrieval-watchdog").factory());

    private final String what;
    private final MinimumRate rate;
    private final ScheduledFuture<?> check;
    private volatile long received;
    private long receivedAtLastCheck;
    private volatile boolean slow;
    private volatile boolean finished;

    private SlowRetrievalGuard(InputStream in, String what, MinimumRate rate) {
        super(in);
        this.what = what;
        this.rate = rate;
        long millis = rate.window().toMillis();
        this.check = WATCHDOG.scheduleAtFixedRate(this::checkWindow, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Watches {@code in}; closing the returned stream stops the watch. */
    static InputStream watch(InputStream in, String what, MinimumRate rate) {
        return new SlowRetrievalGuard(in, what, rate);
    }

    private void checkWindow() {
        long now = received;
        if (!finished && now - receivedAtLastCheck < rate.bytesPerWindow()) {
            slow = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException ignored) {
                // the reader sees the attack either way
            }
        }
        receivedAtLastCheck = now;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (IOException e) {
            throw slowOr(e);
        }
        counted(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            throw slowOr(e);
        }
        counted(n);
        return n;
    }

    private void counted(int n) {
        requireNotSlow();
        if (n < 0) {
            finished = true;
            check.cancel(false);
        } else {
            received += n;
        }
    }

    private IOException slowOr(IOException e) {
        requireNotSlow();
        return e;
    }

    private void requireNotSlow() {
        if (slow) {
            throw new AttackDetectedException(
                    Attack.SLOW_RETRIEVAL,
                    what + ": fewer than " + rate.bytesPerWindow() + " bytes arrived within " + rate.window()
                            + " (minimum " + rate.bytesPerSecond() + " bytes/s)");
        }
    }

    @Override
    public void close() throws IOException {
        finished = true;
        check.cancel(false);
        super.close();
    }
}

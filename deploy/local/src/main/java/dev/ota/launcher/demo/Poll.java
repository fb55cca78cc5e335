package dev.ota.launcher.demo;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a probe until a condition holds or a deadline passes; never a blind sleep. */
public final class Poll {

    private Poll() {}

    /**
     * @param onEach called with every probe result (progress lines)
     * @return the first result that satisfies {@code done}
     * @throws StoryFailure at the deadline, with the last result
     */
    public static <T> T until(
            String what,
            Duration timeout,
            Duration every,
            Supplier<T> probe,
            Predicate<? super T> done,
            Consumer<? super T> onEach) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            onEach.accept(value);
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new StoryFailure(
                        "gave up after " + timeout.toSeconds() + " s waiting for " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoryFailure("interrupted while waiting for " + what);
            }
        }
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        return until(what, timeout, Duration.ofMillis(500), probe, done, value -> {});
    }
}

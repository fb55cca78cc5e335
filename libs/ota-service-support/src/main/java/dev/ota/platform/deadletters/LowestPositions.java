package dev.ota.platform.deadletters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the {@code limit} dead letters with the lowest positions of those offered, in any order: a consumer hands over
 * a topic's partitions interleaved, so the first letters read are not the first by position.
 */
final class LowestPositions {

    private static final Comparator<DeadLetter> BY_POSITION = Comparator.comparing(DeadLetter::position);

    private final int limit;
    /** The highest kept position on top, to be dropped when a lower one comes. */
    private final PriorityQueue<DeadLetter> kept = new PriorityQueue<>(BY_POSITION.reversed());

    LowestPositions(int limit) {
        this.limit = limit;
    }

    void offer(DeadLetter letter) {
        kept.add(letter);
        if (kept.size() > limit) {
            kept.poll();
        }
    }

    /** The kept letters, lowest position first. */
    List<DeadLetter> inOrder() {
        List<DeadLetter> letters = new ArrayList<>(kept);
        letters.sort(BY_POSITION);
        return letters;
    }
}

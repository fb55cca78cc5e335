package dev.ota.audit.verify;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects problems and the lowest index they implicate. */
final class Findings {

    private static final int MAX_PROBLEMS = 50;

    private final List<String> problems = new ArrayList<>();
    private @Nullable Long firstBadIndex;
    private @Nullable Long firstBadEntry;
    private int count;

    void add(long badIndex, String problem) {
        count++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
        if (firstBadIndex == null || badIndex < firstBadIndex) {
            firstBadIndex = badIndex;
        }
    }

    /** An entry whose own bytes are wrong or missing: the precise kind of finding. */
    void entry(long index, String problem) {
        add(index, problem);
        if (firstBadEntry == null || index < firstBadEntry) {
            firstBadEntry = index;
        }
    }

    /**
     * A finding about entries {@code [from, to)} as a whole (a subtree hash, a checkpoint). When a bad entry inside
     * the range was already named, it explains this finding, and the range's start is not blamed.
     */
    void range(long from, long to, String problem) {
        if (firstBadEntry != null && firstBadEntry < to) {
            add(problem);
        } else {
            add(from, problem);
        }
    }

    /** A problem that implicates no entry by itself (e.g. a forged checkpoint row). */
    void add(String problem) {
        count++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }

    boolean any() {
        return count > 0;
    }

    @Nullable
    Long firstBadIndex() {
        return firstBadIndex;
    }

    List<String> problems() {
        if (count > problems.size()) {
            List<String> all = new ArrayList<>(problems);
            all.add("... and " + (count - problems.size()) + " more");
            return all;
        }
        return List.copyOf(problems);
    }
}

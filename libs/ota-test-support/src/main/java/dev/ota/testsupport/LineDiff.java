package dev.ota.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * A readable line diff of two texts: the lines only the expected text has ({@code -}), those only the actual text has
 * ({@code +}), each under the line number where it is, with a line of context around them.
 */
final class LineDiff {

    /** Above this many cells the middle is shown as removed then added, without looking for common lines. */
    private static final long MAX_TABLE = 16_000_000L;

    private LineDiff() {}

    static String of(String expected, String actual, int maxLines) {
        List<String> before = expected.lines().toList();
        List<String> after = actual.lines().toList();
        int prefix = 0;
        while (prefix < before.size()
                && prefix < after.size()
                && before.get(prefix).equals(after.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < before.size() - prefix
                && suffix < after.size() - prefix
                && before.get(before.size() - 1 - suffix).equals(after.get(after.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> removed = before.subList(prefix, before.size() - suffix);
        List<String> added = after.subList(prefix, after.size() - suffix);
        List<String> out = new ArrayList<>();
        if (prefix > 0) {
            out.add("  " + before.get(prefix - 1));
        }
        edits(removed, added, prefix, out);
        if (suffix > 0) {
            out.add("  " + before.get(before.size() - suffix));
        }
        StringBuilder text = new StringBuilder();
        out.stream().limit(maxLines).forEach(line -> text.append(line).append('\n'));
        if (out.size() > maxLines) {
            text.append("... ").append(out.size() - maxLines).append(" more diff lines\n");
        }
        return text.toString();
    }

    /** The edits between the differing middles, by longest common subsequence of lines. */
    private static void edits(List<String> removed, List<String> added, int offset, List<String> out) {
        int n = removed.size();
        int m = added.size();
        if ((long) (n + 1) * (m + 1) > MAX_TABLE) {
            out.add("@@ line " + (offset + 1));
            removed.forEach(line -> out.add("- " + line));
            added.forEach(line -> out.add("+ " + line));
            return;
        }
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = removed.get(i).equals(added.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        boolean inHunk = false;
        while (i < n || j < m) {
            if (i < n && j < m && removed.get(i).equals(added.get(j))) {
                inHunk = false;
                i++;
                j++;
                continue;
            }
            if (!inHunk) {
                out.add("@@ line " + (offset + j + 1));
                inHunk = true;
            }
            if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
                out.add("- " + removed.get(i++));
            } else {
                out.add("+ " + added.get(j++));
            }
        }
    }
}

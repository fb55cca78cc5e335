package dev.ota.uptane.metadata;

/**
 * TUF 1.0 section 4.5 PATHPATTERN: shell-style wildcards matched per path segment, so {@code *} never crosses a
 * {@code /} and the pattern and the path have the same number of segments (as python-tuf and go-tuf match).
 */
public final class PathPattern {

    private PathPattern() {}

    public static boolean matches(String pattern, String path) {
        String[] p = pattern.split("/", -1);
        String[] t = path.split("/", -1);
        if (p.length != t.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!glob(p[i], 0, t[i], 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    for (int k = si; k <= s.length(); k++) {
                        if (glob(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    pi++;
                    si++;
                }
                case '[' -> {
                    int close = p.indexOf(']', pi + 2);
                    if (close < 0 || si >= s.length()) {
                        if (si < s.length() && s.charAt(si) == '[') {
                            pi++;
                            si++;
                            continue;
                        }
                        return false;
                    }
                    String set = p.substring(pi + 1, close);
                    boolean negate = set.startsWith("!");
                    if (negate) {
                        set = set.substring(1);
                    }
                    if (inSet(set, s.charAt(si)) == negate) {
                        return false;
                    }
                    pi = close + 1;
                    si++;
                }
                default -> {
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    private static boolean inSet(String set, char ch) {
        for (int i = 0; i < set.length(); i++) {
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                if (ch >= set.charAt(i) && ch <= set.charAt(i + 2)) {
                    return true;
                }
                i += 2;
            } else if (set.charAt(i) == ch) {
                return true;
            }
        }
        return false;
    }
}

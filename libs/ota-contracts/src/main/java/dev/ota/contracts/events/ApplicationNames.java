package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for application names, in beacons and in health criteria alike: 1 to {@value #MAX_LENGTH} characters
 * of letters, digits, '.', '_' and '-', starting with a letter or digit. Names end up in verdict texts, metrics and
 * database rows, so nothing a vehicle sends may smuggle markup, separators or control characters into them.
 */
public final class ApplicationNames {

    public static final int MAX_LENGTH = 64;

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    private ApplicationNames() {}

    /**
     * @throws MalformedEventException naming the field when the name is missing or not of the safe charset and length
     */
    public static String check(@Nullable String name, String field) {
        if (name == null || name.isEmpty()) {
            throw new MalformedEventException("missing required field '" + field + "'");
        }
        if (!SAFE.matcher(name).matches()) {
            throw new MalformedEventException(field + " '" + printable(name) + "' must be 1.." + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ - starting with a letter or digit");
        }
        return name;
    }

    /** The start of a refused name, without control characters, for the refusal's reason. */
    private static String printable(String name) {
        String shown = name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}

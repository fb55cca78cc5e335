package dev.ota.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Figures the system tests measure, printed and kept in {@code target/system-test-figures.txt}. */
final class Figures {

    private static final Path FILE = Path.of("target", "system-test-figures.txt");

    private Figures() {}

    static synchronized void record(String what, double value, String unit) {
        String line = String.format(Locale.ROOT, "%-60s %10.2f %s%n", what, value, unit);
        System.out.print("FIGURE " + line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.ota.audit.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: the body, a blank line, then one line per signature, {@code — <key name> <base64(key hash ||
 * signature)>}, the dash being U+2014.
 */
public record SignedNote(String body, List<Signature> signatures) {

    private static final String DASH = "\u2014 ";

    public record Signature(String keyName, byte[] keyHash, byte[] signature) {}

    public SignedNote {
        if (!body.endsWith("\n") || body.contains("\n\n")) {
            throw new IllegalArgumentException("a note body ends in a newline and has no blank line");
        }
        signatures = List.copyOf(signatures);
    }

    public String text() {
        StringBuilder text = new StringBuilder(body).append('\n');
        for (Signature s : signatures) {
            byte[] blob = new byte[4 + s.signature().length];
            System.arraycopy(s.keyHash(), 0, blob, 0, 4);
            System.arraycopy(s.signature(), 0, blob, 4, s.signature().length);
            text.append(DASH)
                    .append(s.keyName())
                    .append(' ')
                    .append(Base64.getEncoder().encodeToString(blob))
                    .append('\n');
        }
        return text.toString();
    }

    /** Parses a note; refuses anything that would not be written back byte for byte. */
    public static SignedNote parse(String text) {
        int split = text.indexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("a signed note has a blank line before its signatures");
        }
        String body = text.substring(0, split + 1);
        String rest = text.substring(split + 2);
        if (rest.isEmpty() || !rest.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note ends with signature lines");
        }
        List<Signature> signatures = new ArrayList<>();
        for (String line : rest.substring(0, rest.length() - 1).split("\n", -1)) {
            if (!line.startsWith(DASH)) {
                throw new IllegalArgumentException("not a signature line: " + line);
            }
            String[] parts = line.substring(DASH.length()).split(" ", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("a signature line is '— <name> <signature>'");
            }
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            if (blob.length < 5) {
                throw new IllegalArgumentException("signature too short");
            }
            signatures.add(new Signature(parts[0], Arrays.copyOf(blob, 4), Arrays.copyOfRange(blob, 4, blob.length)));
        }
        SignedNote note = new SignedNote(body, signatures);
        if (!note.text().equals(text)) {
            throw new IllegalArgumentException("signed note is not in canonical form");
        }
        return note;
    }

    /** True when a signature by this key (matched by name and key hash) verifies over the body. */
    public boolean verifiedBy(NoteKey key) {
        byte[] message = body.getBytes(StandardCharsets.UTF_8);
        return signatures.stream()
                .filter(s -> s.keyName().equals(key.name()) && Arrays.equals(s.keyHash(), key.keyHash()))
                .anyMatch(s -> key.verifies(message, s.signature()));
    }
}

package dev.ota.platform.deadletters;

/**
 * A record's place in a topic, written {@code partition:offset} as in the {@code ota-dlq-source-position} header.
 *
 * @param partition the partition
 * @param offset the offset in it
 */
public record Position(int partition, long offset) implements Comparable<Position> {

    public Position {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("a position is partition:offset, both not negative");
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not {@code partition:offset}
     */
    public static Position parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 1 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not a partition:offset position: " + text);
        }
        try {
            return new Position(Integer.parseInt(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a partition:offset position: " + text, e);
        }
    }

    @Override
    public int compareTo(Position other) {
        return partition != other.partition
                ? Integer.compare(partition, other.partition)
                : Long.compare(offset, other.offset);
    }

    @Override
    public String toString() {
        return partition + ":" + offset;
    }
}

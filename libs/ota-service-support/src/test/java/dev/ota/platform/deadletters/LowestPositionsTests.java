package dev.ota.platform.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LowestPositionsTests {

    @Test
    void keepsTheLowestPositionsWhateverOrderThePartitionsArriveIn() {
        LowestPositions first = new LowestPositions(3);
        for (Position position : List.of(
                new Position(2, 0), new Position(2, 1), new Position(0, 7), new Position(1, 3), new Position(0, 2))) {
            first.offer(letterAt(position));
        }
        assertThat(first.inOrder())
                .extracting(DeadLetter::position)
                .containsExactly(new Position(0, 2), new Position(0, 7), new Position(1, 3));
    }

    @Test
    void keepsEveryLetterBelowTheLimit() {
        LowestPositions first = new LowestPositions(10);
        first.offer(letterAt(new Position(1, 0)));
        first.offer(letterAt(new Position(0, 4)));
        assertThat(first.inOrder())
                .extracting(DeadLetter::position)
                .containsExactly(new Position(0, 4), new Position(1, 0));
    }

    private static DeadLetter letterAt(Position position) {
        return new DeadLetter(position, Instant.EPOCH, "key", new byte[0], Map.of());
    }
}

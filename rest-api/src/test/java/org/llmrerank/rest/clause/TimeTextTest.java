package org.llmrerank.rest.clause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeTextTest {

    /** What both engines' time settings read these as, in nanoseconds. */
    private static final Map<String, Long> ENGINES_READ = Map.ofEntries(
        Map.entry("2s", 2_000_000_000L),
        Map.entry("500ms", 500_000_000L),
        Map.entry("1m", 60_000_000_000L),
        Map.entry(" 3 S ", 3_000_000_000L),
        Map.entry("5 m", 300_000_000_000L),
        Map.entry("1MS", 1_000_000L),
        Map.entry("10nanos", 10L),
        Map.entry("3NANOS", 3L),
        Map.entry("5micros", 5_000L),
        Map.entry("2h", 7_200_000_000_000L),
        Map.entry("1d", 86_400_000_000_000L),
        Map.entry("+5s", 5_000_000_000L),
        Map.entry("0s", 0L),
        Map.entry("0", 0L),
        Map.entry("00", 0L),
        Map.entry("-1", -1_000_000L),
        Map.entry("-01", -1_000_000L),
        Map.entry("-1s", -1_000_000_000L),
        Map.entry("99999999999999d", Long.MAX_VALUE)
    );

    @Test
    void readsTimesAsTheEnginesDo() {
        ENGINES_READ.forEach((text, nanos) -> assertEquals(nanos, TimeText.nanos(text), text));
    }

    @Test
    void refusesWhatTheEnginesRefuse() {
        // an upper-case M is not minutes; a trailing blank after m hides the unit; no fractions, no negatives but -1
        for (String text : List.of("1M", "5m ", "soon", "", "s", "1.5s", "-5s", "-2")) {
            assertThrows(IllegalArgumentException.class, () -> TimeText.nanos(text), text);
        }
    }
}

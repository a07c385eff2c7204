package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A path cut into the spans that run it: a span ends where the path stops ascending by one. */
class LayerSpanTest {

    @Test
    void aSkipEndsASpan() {
        assertEquals(List.of(new LayerSpan(0, 4, false, false), new LayerSpan(7, 11, false, true)),
            LayerSpan.of(LayerPath.of(0, 1, 2, 3, 4, 7, 8, 9, 10, 11), true));
    }

    /** A repeated layer reads its own output, which no graph of distinct layers wires: the repeat starts a new span. */
    @Test
    void aRepeatStartsASpan() {
        assertEquals(List.of(new LayerSpan(0, 1, false, false), new LayerSpan(1, 2, false, false), new LayerSpan(5, 5, false, false)),
            LayerSpan.of(LayerPath.of(0, 1, 1, 2, 5), false));
    }

    @Test
    void onlyTheLastSpanComputesTheFirstPosition() {
        List<LayerSpan> spans = LayerSpan.of(LayerPath.of(3, 2, 1), true);
        assertEquals(List.of(new LayerSpan(3, 3, false, false), new LayerSpan(2, 2, false, false), new LayerSpan(1, 1, false, true)), spans);
        assertEquals(1, spans.get(0).layers());
    }

    @Test
    void anEmptyPathHasNoSpan() {
        assertEquals(List.of(), LayerSpan.of(LayerPath.of(), true));
    }

    @Test
    void aSpanRunsForward() {
        assertThrows(IllegalArgumentException.class, () -> new LayerSpan(4, 3, false, false));
        assertThrows(IllegalArgumentException.class, () -> new LayerSpan(-1, 3, false, false));
    }
}

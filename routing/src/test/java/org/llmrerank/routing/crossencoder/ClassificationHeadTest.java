package org.llmrerank.routing.crossencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.llmrerank.routing.runtime.BertWeights;
import org.llmrerank.routing.runtime.FlopsCounter;

class ClassificationHeadTest {

    /** dense = 2x2 [[1, 0], [2, -1]] ({@code [in, out]}), b = [0, 0.5]; out = 2x2 [[1, -1], [0, 3]], b = [0.25, 0]. */
    private static final ClassificationHead HEAD = new ClassificationHead(
        new BertWeights.Linear(2, 2, new float[] {1, 0, 2, -1}, new float[] {0, 0.5f}),
        new BertWeights.Linear(2, 2, new float[] {1, -1, 0, 3}, new float[] {0.25f, 0}));

    @Test
    void tanhOfTheDenseLayerThenTheLogitsWorkedByHand() {
        FlopsCounter counter = new FlopsCounter();
        float[][] logits = HEAD.logits(new float[][] {{0.5f, 0.25f}}, counter);
        // x·dense + b = [0.5 + 0.5, -0.25 + 0.5] = [1, 0.25]; tanh -> [t1, t2]
        double t1 = Math.tanh(1);
        double t2 = Math.tanh(0.25);
        assertArrayEquals(new float[] {(float) (t1 + 0.25), (float) (-t1 + 3 * t2)}, logits[0], 1e-6f);
        assertEquals(2.0 * 2 * 2 + 2.0 * 2 * 2, counter.total(), "one row through both 2x2 matmuls");
    }

    @Test
    void oneLogitIsTheScoreTwoGiveTheLogOddsOfRelevant() {
        assertEquals(1.5f, ClassificationHead.score(new float[] {1.5f}));
        assertEquals(2f, ClassificationHead.score(new float[] {-0.5f, 1.5f}));
        // the log-odds orders as softmax P(1) does: P(1) = sigmoid(l1 - l0)
        assertThrows(IllegalArgumentException.class, () -> ClassificationHead.score(new float[3]));
    }
}

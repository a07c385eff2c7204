package org.llmrerank.routing.crossencoder;

import java.util.List;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * Scores tokenized query-passage pairs with a cross-encoder: one forward pass per pair, the classification head's
 * logits turned into a score ({@link ClassificationHead#score}). Implementations are thread-safe; {@link #close()}
 * waits for calls in flight.
 */
public interface CrossEncoder extends AutoCloseable {

    /**
     * One score per pair, in input order.
     *
     * @throws org.llmrerank.routing.onnx.EncoderCancelledException when {@code cancellation} fired before the end
     */
    Scored score(List<Encoding> pairs, Cancellation cancellation) throws EncoderException;

    /** The estimated FLOPs of one pair of {@code tokens} tokens (special tokens included), as this engine runs it. */
    double estimatedFlops(int tokens);

    /** The shape the config gave. */
    CrossEncoderShape shape();

    /** The blocks every pair runs through, in order. */
    org.llmrerank.routing.runtime.LayerPath path();

    @Override
    void close();

    /**
     * @param logits       the head's logits per pair, in input order
     * @param scores       one per pair, in input order, from its logits ({@link ClassificationHead#score})
     * @param countedFlops FLOPs the engine executed, padding included; -1 when the engine cannot count
     * @param paddedTokens tokens the engine processed, padding included
     */
    record Scored(float[][] logits, float[] scores, double countedFlops, long paddedTokens) {

        /** Scores from {@code logits}. */
        public Scored(float[][] logits, double countedFlops, long paddedTokens) {
            this(logits, scoresOf(logits), countedFlops, paddedTokens);
        }

        private static float[] scoresOf(float[][] logits) {
            float[] scores = new float[logits.length];
            for (int i = 0; i < logits.length; i++) {
                scores[i] = ClassificationHead.score(logits[i]);
            }
            return scores;
        }
    }
}

package org.llmrerank.routing.runtime;

import org.llmrerank.estimator.Architecture;

/**
 * Shape of a BERT encoder (Hugging Face {@code BertModel} semantics: post-LayerNorm blocks, erf
 * GELU, learned absolute positions, token types).
 *
 * @param layers        transformer blocks
 * @param hidden        residual width
 * @param heads         attention heads; {@code hidden} must be a multiple
 * @param intermediate  FFN width
 * @param vocab         word-piece vocabulary
 * @param maxPositions  learned positions, i.e. the longest sequence the model takes
 * @param typeVocab     token-type (segment) ids
 * @param layerNormEps  epsilon inside every LayerNorm
 */
public record BertConfig(int layers, int hidden, int heads, int intermediate, int vocab, int maxPositions,
                         int typeVocab, float layerNormEps) {

    public BertConfig {
        for (int v : new int[] {layers, hidden, heads, intermediate, vocab, maxPositions, typeVocab}) {
            if (v <= 0) {
                throw new IllegalArgumentException("every BERT dimension must be positive: " + this);
            }
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " is not a multiple of heads " + heads);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layerNormEps must be positive, got " + layerNormEps);
        }
    }

    public int headDim() {
        return hidden / heads;
    }

    /** The estimator's view of this shape, so counted and estimated FLOPs describe the same model. */
    public Architecture architecture(String name) {
        return Architecture.encoderOnly(name, layers, hidden, intermediate, heads, vocab);
    }
}

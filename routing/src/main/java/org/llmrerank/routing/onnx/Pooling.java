package org.llmrerank.routing.onnx;

/** How a sentence embedding is read off the last hidden state. */
public enum Pooling {
    /** The [CLS] row: bge-small-en-v1.5. */
    CLS,
    /** Mean over real (unmasked) tokens: all-MiniLM-L6-v2. */
    MEAN
}

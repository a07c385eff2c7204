package org.llmrerank.routing.crossencoder;

import org.llmrerank.routing.runtime.BertConfig;
import org.llmrerank.routing.runtime.FlopsCounter;

/**
 * FLOPs of a fixed sequence-classifier graph run on one padded batch, derived from the shape that was fed, not
 * instrumented op by op: ONNX Runtime runs the whole graph, whose ops are fixed by the export, so the batch's rows and
 * padded length determine every matmul it multiplied. Every block runs over every padded position of every row (the
 * graph does not know which positions the head reads, nor which are padding), then the head on each row's first token.
 *
 * <p>Added to a {@link FlopsCounter} term by term as the routed runtime adds what it executes, so counted and
 * estimated FLOPs ({@code FlopsEstimator.crossEncoder} at each pair's real length) compare directly and their ratio
 * is the padding's cost.
 */
final class ExecutedGraphFlops {

    private ExecutedGraphFlops() {}

    /** Adds to {@code counter} one run of the whole graph of {@code shape} over {@code rows} rows of {@code columns}. */
    static void addBatch(FlopsCounter counter, CrossEncoderShape shape, int rows, int columns) {
        BertConfig c = shape.encoder();
        long positions = (long) rows * columns;
        for (int layer = 0; layer < c.layers(); layer++) {
            counter.linear(positions, c.hidden(), 3L * c.hidden()); // query, key, value
            counter.attention(rows, c.heads(), columns, c.headDim());
            counter.linear(positions, c.hidden(), c.hidden()); // attention output
            counter.linear(positions, c.hidden(), c.intermediate());
            counter.linear(positions, c.intermediate(), c.hidden());
        }
        counter.linear(rows, c.hidden(), c.hidden()); // BERT's pooler, XLM-RoBERTa's classifier.dense
        counter.linear(rows, c.hidden(), shape.labels());
    }
}

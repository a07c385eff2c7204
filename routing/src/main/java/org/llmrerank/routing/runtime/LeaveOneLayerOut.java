package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.List;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * Embeddings of the same inputs at full depth and with each single layer left out, in one pass per
 * batch: the pass forks before every layer and the fork runs the remaining layers without it, so the
 * shared prefixes run once (L(L+1)/2 + L block applications instead of L(L-1) + L). An analysis tool:
 * how much each layer carries is the ceiling on what a router may skip.
 *
 * <p>Batches and padding are the encoder's own ({@link RoutedBertEncoder#batches}, {@link RoutedBertEncoder#pad}), so
 * the full-depth embeddings are the ones the encoder gives.
 */
public final class LeaveOneLayerOut {

    /**
     * @param full      unit-length embeddings at full depth, one per input
     * @param without   {@code without[l][i]}: input {@code i} with layer {@code l} left out
     * @param counted   matmul and attention FLOPs of the full path, padding included
     */
    public record Embeddings(float[][] full, float[][][] without, double counted) {}

    private LeaveOneLayerOut() {}

    public static Embeddings embed(RoutedBertEncoder encoder, List<Encoding> inputs) {
        DjlBertModel model = encoder.model();
        int layers = model.config().layers();
        float[][] full = new float[inputs.size()][];
        float[][][] without = new float[layers][inputs.size()][];
        FlopsCounter counter = new FlopsCounter();
        for (List<Integer> rows : encoder.batches(inputs)) {
            List<Encoding> batch = new ArrayList<>(rows.size());
            rows.forEach(i -> batch.add(inputs.get(i)));
            try (BertForward pass = model.begin(encoder.pad(batch), counter)) {
                for (int l = 0; l < layers; l++) {
                    try (BertForward fork = pass.fork(new FlopsCounter())) {
                        for (int m = l + 1; m < layers; m++) {
                            fork.apply(m);
                        }
                        scatter(fork.pool(encoder.pooling()), rows, without[l]);
                    }
                    pass.apply(l);
                }
                scatter(pass.pool(encoder.pooling()), rows, full);
            }
        }
        return new Embeddings(full, without, counter.total());
    }

    private static void scatter(float[][] pooled, List<Integer> rows, float[][] into) {
        for (int r = 0; r < rows.size(); r++) {
            Pooling.l2Normalize(pooled[r]);
            into[rows.get(r)] = pooled[r];
        }
    }
}

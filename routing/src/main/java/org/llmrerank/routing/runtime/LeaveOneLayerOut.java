package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.List;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * Embeddings of the same inputs at full depth and with each single layer left out, in one pass per
 * batch: the pass forks before every layer and the fork runs the remaining layers without it, so the
 * shared prefixes run once (L(L+1)/2 + L block applications instead of L(L-1) + L). An analysis tool:
 * how much each layer carries is the ceiling on what a router may skip.
 *
 * <p>Rows are padded as {@link RoutedBertEncoder} pads them ({@link RoutedBertEncoder#paddedLength}), batched by
 * padded width; embeddings do not depend on batch-mates (masking), so the full-depth ones are the encoder's.
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
        for (List<Integer> rows : batches(encoder, inputs)) {
            List<Encoding> batch = new ArrayList<>(rows.size());
            rows.forEach(i -> batch.add(inputs.get(i)));
            int width = encoder.paddedLength(inputs.get(rows.get(0)).length());
            try (BertForward pass = model.begin(PaddedBatch.of(batch, encoder.padId(), width), counter)) {
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

    /** Input indices grouped by padded width, at most the encoder's batch size per group. */
    private static List<List<Integer>> batches(RoutedBertEncoder encoder, List<Encoding> inputs) {
        java.util.Map<Integer, List<Integer>> byWidth = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (int i = 0; i < inputs.size(); i++) {
            byWidth.computeIfAbsent(encoder.paddedLength(inputs.get(i).length()), w -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> same : byWidth.values()) {
            for (int from = 0; from < same.size(); from += encoder.batchSize()) {
                out.add(same.subList(from, Math.min(same.size(), from + encoder.batchSize())));
            }
        }
        return out;
    }

    private static void scatter(float[][] pooled, List<Integer> rows, float[][] into) {
        for (int r = 0; r < rows.size(); r++) {
            Pooling.l2Normalize(pooled[r]);
            into[rows.get(r)] = pooled[r];
        }
    }
}

package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * How {@link RoutedBertEncoder} cuts a request into engine batches: inputs sorted longest first, a
 * batch ends at {@code batchSize} rows or where the next input would be padded by more than
 * {@code maxPadding} of its own length. Padding is executed (and counted) work the estimate for the
 * real token counts does not include, so bounding it keeps counted FLOPs close to estimated ones.
 */
public final class LengthBuckets {

    private LengthBuckets() {}

    /** Input indices per batch, in execution order. */
    public static List<List<Integer>> of(List<Encoding> inputs, int batchSize, double maxPadding) {
        List<Integer> order = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> inputs.get(i).length()).reversed());
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0, to; from < order.size(); from = to) {
            int longest = inputs.get(order.get(from)).length();
            to = from + 1;
            while (to < order.size() && to - from < batchSize
                && longest <= (1 + maxPadding) * inputs.get(order.get(to)).length()) {
                to++;
            }
            batches.add(List.copyOf(order.subList(from, to)));
        }
        return batches;
    }
}

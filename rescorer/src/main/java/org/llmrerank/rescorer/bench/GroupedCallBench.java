package org.llmrerank.rescorer.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseGroup;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.routing.Cancellation;

/**
 * What continuous batching across searches buys: the same passages (the top {@code passages} of {@code queries}
 * queries) are scored in calls of G queries' groups each ({@link RerankModel#scorePointwiseGroups}), for every G;
 * configurations alternate within each repetition (the order rotates from one repetition to the next) so load drift
 * hits all of them, and the median per G is reported as time per passage relative to the first G. Counted FLOPs must
 * be the same for every G (each group is charged its own rows); the run fails if they are not. Times on a shared CPU
 * are only comparable within the run.
 */
public final class GroupedCallBench {

    /** One group size's timing. */
    public record Config(int groupsPerCall, int calls, double medianSeconds, double msPerPassage, double ratioToFirst) {}

    /**
     * @param passages      texts scored per configuration and repetition
     * @param countedFlops  what the model counted for all of them (the same for every configuration)
     */
    public record Report(int queries, int passagesPerQuery, long passages, int reps, double countedFlops, List<Config> configs) {}

    private GroupedCallBench() {}

    /**
     * @param sizes groups per call, each dividing {@code queries}
     * @throws IllegalArgumentException when {@code queries} exceeds the data or a size does not divide it
     * @throws IllegalStateException    when two configurations count different FLOPs
     */
    public static Report run(RerankModel model, List<QueryCandidates> data, int[] sizes, int queries, int passages, int reps)
        throws ModelException {
        if (queries > data.size()) {
            throw new IllegalArgumentException("--queries must be at most " + data.size() + " (DL19 queries), got " + queries);
        }
        for (int size : sizes) {
            if (size < 1 || queries % size != 0) {
                throw new IllegalArgumentException("every group size must be >= 1 and divide the queries (" + queries + "), got " + size);
            }
        }
        List<PointwiseGroup> groups = new ArrayList<>();
        long texts = 0;
        for (QueryCandidates q : data.subList(0, queries)) {
            List<String> p = new ArrayList<>();
            for (int i = 0; i < Math.min(passages, q.candidates().size()); i++) {
                p.add(q.candidates().get(i).content());
            }
            texts += p.size();
            groups.add(new PointwiseGroup(q.query(), p));
        }
        long[][] nanos = new long[sizes.length][reps];
        double[] counted = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            counted[s] = scoreAll(model, groups, sizes[s]); // warm-up, and the FLOPs each configuration counts
        }
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < sizes.length; k++) {
                int s = (k + r) % sizes.length;
                long t0 = System.nanoTime();
                scoreAll(model, groups, sizes[s]);
                nanos[s][r] = System.nanoTime() - t0;
            }
        }
        for (int s = 1; s < sizes.length; s++) {
            if (counted[s] != counted[0]) {
                throw new IllegalStateException("counted FLOPs differ between G = " + sizes[0] + " and G = " + sizes[s] + ": " + counted[0]
                    + " vs " + counted[s]);
            }
        }
        double base = median(nanos[0]) / texts;
        List<Config> configs = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            double perPassage = median(nanos[s]) / texts;
            configs.add(new Config(sizes[s], queries / sizes[s], median(nanos[s]) / 1e9, perPassage / 1e6, perPassage / base));
        }
        return new Report(queries, passages, texts, reps, counted[0], configs);
    }

    /** All groups, G per call; returns the counted FLOPs summed over the groups. */
    private static double scoreAll(RerankModel model, List<PointwiseGroup> groups, int g) throws ModelException {
        double counted = 0;
        for (int from = 0; from < groups.size(); from += g) {
            for (PointwiseScores s : model.scorePointwiseGroups(groups.subList(from, from + g), new Cancellation())) {
                counted += s.countedFlops();
            }
        }
        return counted;
    }

    private static double median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}

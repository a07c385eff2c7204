package org.llmrerank.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.PointwiseGroup;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RoutedBiEncoderRerankModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.runtime.RoutedBundledModel;

/**
 * {@code bench --groups 1,2,4,8}: what continuous batching across searches buys on our runtime. The same passages (the
 * top {@code passages} of {@code queries} DL19 queries) are scored by {@code bge-small-routed} in calls of G queries'
 * groups each ({@code scorePointwiseGroups}), for every G; configurations alternate within each repetition (the order
 * rotates from one repetition to the next) so load drift hits all of them, and the median per G is reported as time
 * per passage relative to G = 1. Counted FLOPs must be the same for every G (each group is charged its own rows);
 * the run fails if they are not. Times on a shared CPU are only comparable within the run.
 */
final class GroupedCallBench {

    private final PrintStream out;

    GroupedCallBench(PrintStream out) {
        this.out = out;
    }

    /** Parses {@code --groups}: positive group sizes, each dividing {@code queries}. */
    static int[] groupSizes(String list, int queries) {
        String[] parts = list.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--groups must be a comma-separated list of integers, got '" + list + "'");
            }
            if (sizes[i] < 1 || queries % sizes[i] != 0) {
                throw new UsageException("--groups: every size must be >= 1 and divide --queries (" + queries + "), got " + sizes[i]);
            }
        }
        return sizes;
    }

    int run(List<QueryCandidates> data, int[] sizes, int queries, int passages, int reps, int threads, boolean json) throws Exception {
        if (queries > data.size()) {
            throw new UsageException("--queries must be at most " + data.size() + " (DL19 queries), got " + queries);
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
        try (RoutedBiEncoderRerankModel model = RoutedBiEncoderRerankModel.load(RoutedBundledModel.BGE_SMALL, 512,
                ModelRegistry.ROUTED_BATCH_SIZE)) {
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
        }
        for (int s = 1; s < sizes.length; s++) {
            if (counted[s] != counted[0]) {
                throw new IllegalStateException("counted FLOPs differ between G = " + sizes[0] + " and G = " + sizes[s] + ": " + counted[0]
                    + " vs " + counted[s]);
            }
        }
        double base = median(nanos[0]) / texts;
        ObjectNode o = Json.object();
        o.put("bench", "bge-small-routed grouped calls");
        o.put("queries", queries);
        o.put("passages_per_query", passages);
        o.put("passages", texts);
        o.put("reps", reps);
        o.put("threads", threads);
        o.put("counted_gflops", counted[0] / 1e9);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode rows = o.putArray("configs");
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "bge-small-routed, %d DL19 queries x %d passages (%d texts, %.1f GFLOP counted), %d threads,"
            + " median of %d, alternated:%n", queries, passages, texts, counted[0] / 1e9, threads, reps));
        for (int s = 0; s < sizes.length; s++) {
            double perPassage = median(nanos[s]) / texts;
            ObjectNode row = rows.addObject();
            row.put("groups_per_call", sizes[s]);
            row.put("calls", queries / sizes[s]);
            row.put("median_s", median(nanos[s]) / 1e9);
            row.put("ms_per_passage", perPassage / 1e6);
            row.put("ratio_to_first", perPassage / base);
            text.append(String.format(Locale.ROOT, "  G = %d (%d calls): %.2f ms per passage, %.3f x G = %d%n", sizes[s], queries / sizes[s],
                perPassage / 1e6, perPassage / base, sizes[0]));
        }
        if (json) {
            out.println(Json.line(o));
        } else {
            out.print(text);
        }
        return Main.OK;
    }

    /** All groups, G per call; returns the counted FLOPs summed over the groups. */
    private static double scoreAll(RoutedBiEncoderRerankModel model, List<PointwiseGroup> groups, int g) throws Exception {
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

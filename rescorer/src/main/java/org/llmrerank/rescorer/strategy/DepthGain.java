package org.llmrerank.rescorer.strategy;

import java.util.Arrays;

/**
 * How much of a reranker's full-window NDCG@10 gain over the first stage it keeps when it reranks only the top
 * {@code depth} of {@code n} first-stage passages (the rest follow in first-stage order): a piecewise-linear curve
 * through measured points, 0 at depth 0 and 1 at full depth. {@code auto} uses it to weigh a strong model on a shallow
 * window against a weaker one on the whole window.
 *
 * <p>The default curve is measured here on DL19 (43 queries, BM25 top-100) with bge-small-en-v1.5, IN-SAMPLE for the
 * DL19 numbers quoted with it: top-20 keeps 0.685 of the gain (NDCG@10 0.6355), top-50 0.880 (0.6728), top-70 all of it
 * (0.6994 vs 0.6952 at 100; capped at 1). Sorting methods (setwise, pairwise) are assumed to follow the same curve,
 * which no measurement here covers. Override with {@link #of(double[], double[])}.
 */
public final class DepthGain {

    private final double[] share;
    private final double[] kept;

    private DepthGain(double[] share, double[] kept) {
        this.share = share;
        this.kept = kept;
    }

    /** The bge-small DL19 curve described above. */
    public static DepthGain dl19() {
        return of(new double[] {0, 0.2, 0.5, 0.7, 1.0}, new double[] {0, 0.685, 0.880, 1.0, 1.0});
    }

    /** Every passage counts alike: the gain is proportional to depth (what a table without depth figures implies). */
    public static DepthGain linear() {
        return of(new double[] {0, 1}, new double[] {0, 1});
    }

    /**
     * @param share depth / n, strictly increasing from 0 to 1
     * @param kept  share of the full-window gain at each point, non-decreasing, from 0 to 1
     */
    public static DepthGain of(double[] share, double[] kept) {
        if (share.length != kept.length || share.length < 2 || share[0] != 0 || share[share.length - 1] != 1
                || kept[0] != 0 || kept[kept.length - 1] != 1) {
            throw new IllegalArgumentException("a depth curve runs from (0, 0) to (1, 1): " + Arrays.toString(share) + " "
                    + Arrays.toString(kept));
        }
        for (int i = 1; i < share.length; i++) {
            if (!(share[i] > share[i - 1]) || kept[i] < kept[i - 1]) {
                throw new IllegalArgumentException("depth shares must increase and kept gains must not decrease");
            }
        }
        return new DepthGain(share.clone(), kept.clone());
    }

    /** Share of the full-window gain kept by reranking the top {@code depth} of {@code n}. */
    public double kept(int depth, int n) {
        if (n <= 0 || depth >= n) {
            return 1;
        }
        double x = Math.max(0, (double) depth / n);
        for (int i = 1; i < share.length; i++) {
            if (x <= share[i]) {
                double t = (x - share[i - 1]) / (share[i] - share[i - 1]);
                return kept[i - 1] + t * (kept[i] - kept[i - 1]);
            }
        }
        return 1;
    }
}

package org.llmrerank.estimator;

/**
 * The E2R-FLOPs efficiency measures (E2R-FLOPs, RPP and QPP). Over a query set both are ratios of means, as
 * every cell of the paper's tables is: RPP = mean(metric) / mean(PFLOPs per query),
 * QPP = 1 / mean(PFLOPs per query). Inputs are FLOPs; 1 PFLOP = 1e15 FLOPs.
 */
public final class Efficiency {

    private static final double PETA = 1e15;

    private Efficiency() {}

    /** Ranking metric per PetaFLOP of a query set. */
    public static double rpp(double meanMetric, double meanFlopsPerQuery) {
        return meanMetric / requirePositive(meanFlopsPerQuery) * PETA;
    }

    /** Queries per PetaFLOP of a query set. */
    public static double qpp(double meanFlopsPerQuery) {
        return PETA / requirePositive(meanFlopsPerQuery);
    }

    /** The per-query form m(q) / (C_q / 1e15), for diagnostics only (means of it are not RPP). */
    public static double rppOfQuery(double metric, double flops) {
        return metric / requirePositive(flops) * PETA;
    }

    private static double requirePositive(double flops) {
        if (!(flops > 0) || Double.isInfinite(flops)) {
            throw new IllegalArgumentException("FLOPs must be positive and finite, got " + flops);
        }
        return flops;
    }
}

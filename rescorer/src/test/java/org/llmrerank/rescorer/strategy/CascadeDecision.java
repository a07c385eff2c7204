package org.llmrerank.rescorer.strategy;

import org.llmrerank.estimator.RerankMethod;

/**
 * One step of {@link CertaintyCascadeExtrapolation} (an EXTRAPOLATION: Dynasor's certaindex carried over to reranking, our extension): what ran, how certain
 * the top-k boundary was afterwards, and what the cascade did next.
 *
 * @param stage          0 = the cheap pointwise pass, 1.. = refinement stages
 * @param model          model of the stage (null when the stage did not run)
 * @param method         method of the stage
 * @param certainty      boundary certainty after the stage in [0, 1], NaN when the stage gave no signal
 * @param bandStart      uncertain band, rank positions [bandStart, bandEnd), after the stage
 * @param bandEnd        end of the band (exclusive)
 * @param predictedFlops what the estimator predicted for the stage (budgeted fit)
 * @param spentFlops     estimated FLOPs spent so far, all stages
 * @param remainingFlops budget left after the stage
 * @param next           what the cascade did next
 * @param reason         one sentence
 * @param trace          the stage's calls, null when it did not run; a refinement's call positions index
 *                       the band as it was handed over (position i = rank bandStart + i before the stage)
 */
public record CascadeDecision(
        int stage,
        String model,
        RerankMethod method,
        double certainty,
        int bandStart,
        int bandEnd,
        double predictedFlops,
        double spentFlops,
        double remainingFlops,
        Next next,
        String reason,
        StrategyTrace trace) {

    public enum Next {
        /** The boundary is certain: stop (the cascade's early stop). */
        STOP_CERTAIN,
        /** Uncertain and budget left: refine the band with the next stage. */
        REFINE,
        /** Uncertain, but not even a two-passage band fits the remaining budget. */
        STOP_BUDGET,
        /** The stage reports no certainty (e.g. generated listwise): nothing to decide on. */
        STOP_NO_SIGNAL,
        /** Uncertain after the last stage. */
        STOP_STAGES_EXHAUSTED
    }
}

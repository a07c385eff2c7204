package org.llmrerank.rescorer;

/**
 * Fits a pointwise rerank into a FLOPs budget by shortening the window: the model judges the
 * first-stage top {@code m} passages, the largest prefix whose estimated cost fits, and the rest keep
 * their first-stage order behind them. Shortening from the bottom keeps the passages BM25 is most
 * confident about, which is where a reranker earns most of its NDCG@10.
 */
public final class WindowBudget {

    private WindowBudget() {}

    /**
     * @param fixedCost    cost paid once per query whatever the window (e.g. encoding the query)
     * @param passageCosts estimated cost of judging each passage, in first-stage order
     * @param budget       FLOPs allowed for the query; +infinity = unlimited
     * @return the number of leading passages that fit; 0 when not even the first one does
     */
    public static int fit(double fixedCost, double[] passageCosts, double budget) {
        if (Double.isInfinite(budget)) {
            return passageCosts.length;
        }
        double spent = fixedCost;
        int m = 0;
        while (m < passageCosts.length && spent + passageCosts[m] <= budget) {
            spent += passageCosts[m];
            m++;
        }
        return m;
    }
}

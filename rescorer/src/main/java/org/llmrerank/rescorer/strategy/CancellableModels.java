package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.routing.Cancellation;

/**
 * A model's capabilities that stop between calls once a deadline has cancelled the request. Sorting strategies make
 * many sequential calls (heapsort: dozens); without this, a query the user already got back in first-stage order would
 * keep the inference thread busy until its sort finished. Each call checks before it starts; a call in progress ends
 * normally (pointwise calls are cancelled inside the engine instead).
 */
final class CancellableModels {

    private CancellableModels() {}

    static AvailableModel wrap(AvailableModel m, Cancellation c) {
        return new AvailableModel(m.name(), m.family(), m.architecture(), m.tokens(), m.pointwise(), m.pointwiseMethod(),
                m.setwise() == null ? null : setwise(m.setwise(), c),
                m.pairwise() == null ? null : pairwise(m.pairwise(), c),
                m.listwise() == null ? null : listwise(m.listwise(), c));
    }

    private static void check(Cancellation c, String model) throws ModelException {
        if (c.isCancelled()) {
            throw new ModelException("model [" + model + "]: cancelled between calls (deadline)");
        }
    }

    private static SetwiseModel setwise(SetwiseModel m, Cancellation c) {
        return new SetwiseModel() {
            @Override
            public String name() {
                return m.name();
            }

            @Override
            public SetwiseJudgement chooseMostRelevant(String query, List<String> passages) throws ModelException {
                check(c, m.name());
                return m.chooseMostRelevant(query, passages);
            }
        };
    }

    private static PairwiseModel pairwise(PairwiseModel m, Cancellation c) {
        return new PairwiseModel() {
            @Override
            public String name() {
                return m.name();
            }

            @Override
            public PairwiseJudgement compare(String query, String a, String b) throws ModelException {
                check(c, m.name());
                return m.compare(query, a, b);
            }

            @Override
            public PairwiseVerdict compareBothOrders(String query, String p1, String p2) throws ModelException {
                check(c, m.name());
                return m.compareBothOrders(query, p1, p2); // keeps the model's batched both-order call
            }
        };
    }

    private static ListwiseModel listwise(ListwiseModel m, Cancellation c) {
        return new ListwiseModel() {
            @Override
            public String name() {
                return m.name();
            }

            @Override
            public RerankMethod method() {
                return m.method();
            }

            @Override
            public int maxWindow() {
                return m.maxWindow();
            }

            @Override
            public ListwiseJudgement rankWindow(String query, List<String> passages) throws ModelException {
                check(c, m.name());
                return m.rankWindow(query, passages);
            }
        };
    }
}

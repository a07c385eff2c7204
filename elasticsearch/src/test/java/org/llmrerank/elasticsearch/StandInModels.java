package org.llmrerank.elasticsearch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

/**
 * Stand-in models for the failure-path tests. They are not language models and no quality number comes from them: they
 * exist to make the model fail or stay silent past the clause's deadline, inside the real rerank pipeline.
 */
final class StandInModels {

    static final String FAILING = "stand-in-failing";
    static final String SILENT = "stand-in-silent";
    static final Set<Strategy> POINTWISE = Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING);

    private StandInModels() {}

    static final class FailingModel implements RerankModel {
        @Override
        public String name() {
            return FAILING;
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return POINTWISE;
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            throw new ModelException("stand-in model failure");
        }
    }

    /**
     * Answers only once its gate opens, which a test does after the search answered: the clause's deadline always passes
     * first, however fast or slow the machine is.
     */
    static final class SilentModel implements RerankModel {
        private volatile CountDownLatch gate = new CountDownLatch(1);
        private volatile CountDownLatch called = new CountDownLatch(1);

        /** A closed gate for the next search; the previous one is opened so no thread stays parked on it. */
        void closeGate() {
            CountDownLatch old = gate;
            called = new CountDownLatch(1);
            gate = new CountDownLatch(1);
            old.countDown();
        }

        /** Counted down once a call holds an inference thread, waiting at the gate closed last. */
        CountDownLatch called() {
            return called;
        }

        void openGate() {
            gate.countDown();
        }

        @Override
        public String name() {
            return SILENT;
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return POINTWISE;
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            called.countDown();
            try {
                // bounded only so that a broken test cannot park an inference thread for ever
                if (gate.await(10, TimeUnit.MINUTES) == false) {
                    throw new ModelException("stand-in gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("interrupted");
            }
            return new PointwiseScores(new float[passages.size()], 0, -1, 0);
        }
    }
}

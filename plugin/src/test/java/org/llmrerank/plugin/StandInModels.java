package org.llmrerank.plugin;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

/**
 * Stand-in models for the plugin's failure-path tests. They are not language models and no
 * quality number comes from them: they exist to make the model fail, hang, or score predictably.
 */
final class StandInModels {

    private StandInModels() {}

    static final Set<Strategy> POINTWISE = Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING);

    /** Scores a passage by how many times it contains the query's first word (a deterministic oracle). */
    static final class TermCountModel implements RerankModel {
        @Override
        public String name() {
            return "stand-in-term-count";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return POINTWISE;
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) {
            String term = query.toLowerCase(Locale.ROOT).split("\\s+")[0];
            float[] s = new float[passages.size()];
            long tokens = 0;
            for (int i = 0; i < s.length; i++) {
                String[] words = passages.get(i).toLowerCase(Locale.ROOT).split("\\W+");
                tokens += words.length;
                for (String w : words) {
                    if (w.equals(term)) {
                        s[i]++;
                    }
                }
            }
            return new PointwiseScores(s, 1000.0 * tokens, -1, tokens);
        }

        /** 1000 FLOPs per word, nothing fixed: the same accounting as scorePointwise. */
        @Override
        public java.util.Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
            double[] each = passages.stream().mapToDouble(p -> 1000.0 * p.toLowerCase(Locale.ROOT).split("\\W+").length).toArray();
            return java.util.Optional.of(new PointwiseCost(0, each));
        }
    }

    static final class FailingModel implements RerankModel {
        @Override
        public String name() {
            return "stand-in-failing";
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

    /** Blocks until released (or 30 s), so a search's deadline passes first. */
    static final class HangingModel implements RerankModel {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "stand-in-hanging";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return POINTWISE;
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PointwiseScores(new float[passages.size()], 0, -1, 0);
        }
    }

    /**
     * Scores like {@link TermCountModel}, but each call first takes a permit, so a test decides when calls may finish;
     * it counts the calls that started.
     */
    static final class GatedModel implements RerankModel {
        final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        private final TermCountModel scorer = new TermCountModel();

        @Override
        public String name() {
            return "stand-in-gated";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return POINTWISE;
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            calls.incrementAndGet();
            try {
                if (permits.tryAcquire(60, TimeUnit.SECONDS) == false) {
                    throw new ModelException("stand-in gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("interrupted");
            }
            return scorer.scorePointwise(query, passages);
        }
    }
}

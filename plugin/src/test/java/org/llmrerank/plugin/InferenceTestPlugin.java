package org.llmrerank.plugin;

import java.util.List;
import java.util.Set;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.opensearch.common.settings.Settings;

/** The test plugin plus a slow term-count model (20 ms per call), so programs are in flight when a node dies. */
public class InferenceTestPlugin extends TestLlmRerankPlugin {

    static final String SLOW = "stand-in-slow-term-count";
    static final String BLOCKING = "stand-in-blocking";
    /** Released by the test that uses {@link #BLOCKING}; only this plugin's tests use it. */
    static volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    public InferenceTestPlugin(Settings settings) {
        super(settings);
    }

    @Override
    protected RerankModelProvider createModelProvider(Settings settings) {
        RerankModelProvider base = super.createModelProvider(settings);
        RerankModel termCount = new StandInModels.TermCountModel();
        RerankModel slow = new RerankModel() {
            @Override
            public String name() {
                return SLOW;
            }

            @Override
            public Set<Strategy> supportedStrategies() {
                return StandInModels.POINTWISE;
            }

            @Override
            public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ModelException("interrupted");
                }
                return termCount.scorePointwise(query, passages);
            }
        };
        RerankModel blocking = new RerankModel() {
            @Override
            public String name() {
                return BLOCKING;
            }

            @Override
            public Set<Strategy> supportedStrategies() {
                return StandInModels.POINTWISE;
            }

            @Override
            public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
                try {
                    // until the test releases it: a call that let go by itself would free the worker the test holds
                    release.await(10, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return termCount.scorePointwise(query, passages);
            }
        };
        return new RerankModelProvider() {
            @Override
            public Set<String> names() {
                Set<String> all = new java.util.TreeSet<>(base.names());
                all.add(SLOW);
                all.add(BLOCKING);
                return all;
            }

            @Override
            public Set<Strategy> strategiesOf(String name) {
                return SLOW.equals(name) || BLOCKING.equals(name) ? slow.supportedStrategies() : base.strategiesOf(name);
            }

            @Override
            public RerankModel get(String name) throws ModelException {
                return SLOW.equals(name) ? slow : BLOCKING.equals(name) ? blocking : base.get(name);
            }

            @Override
            public void close() {
                base.close();
            }
        };
    }
}

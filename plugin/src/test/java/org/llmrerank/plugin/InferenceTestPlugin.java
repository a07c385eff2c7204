package org.llmrerank.plugin;

import java.util.List;
import java.util.Set;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.opensearch.common.settings.Settings;

/**
 * The test plugin plus two stand-in term-count models that hold their calls until a test lets them go: {@link #GATED}
 * (so a node is still mid-work when a test kills it, however fast the machine) and {@link #BLOCKING}.
 */
public class InferenceTestPlugin extends TestLlmRerankPlugin {

    static final String GATED = "stand-in-gated-term-count";
    /** Holds every {@link #GATED} call while closed; open unless a test closes it, and that test opens it again. */
    static volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
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
        RerankModel gated = new RerankModel() {
            @Override
            public String name() {
                return GATED;
            }

            @Override
            public Set<Strategy> supportedStrategies() {
                return StandInModels.POINTWISE;
            }

            @Override
            public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
                try {
                    // bounded so that a test which forgot to open the gate still ends; a killed node's worker is interrupted here
                    gate.await(10, java.util.concurrent.TimeUnit.MINUTES);
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
                all.add(GATED);
                all.add(BLOCKING);
                return all;
            }

            @Override
            public Set<Strategy> strategiesOf(String name) {
                return GATED.equals(name) || BLOCKING.equals(name) ? gated.supportedStrategies() : base.strategiesOf(name);
            }

            @Override
            public RerankModel get(String name) throws ModelException {
                return GATED.equals(name) ? gated : BLOCKING.equals(name) ? blocking : base.get(name);
            }

            @Override
            public void close() {
                base.close();
            }
        };
    }
}

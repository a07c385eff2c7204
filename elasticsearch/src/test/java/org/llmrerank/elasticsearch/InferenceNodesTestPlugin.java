package org.llmrerank.elasticsearch;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.elasticsearch.common.settings.Settings;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

/**
 * The plugin with two STAND-IN pointwise models added to each node's models, both recording the node they ran on:
 * {@link #TERM_COUNT} scores a passage by how often it holds the query's words, {@link #GATED} does the same once the test
 * opens {@link #gate}, so that a test can hold an inference node's only worker and fill its queue.
 */
public class InferenceNodesTestPlugin extends LlmRerankEsPlugin {

    public static final String TERM_COUNT = "stand-in-term-count";
    public static final String GATED = "stand-in-gated";
    /** Names of the nodes a stand-in scored on, one entry per model call. */
    public static final Queue<String> RAN_ON = new ConcurrentLinkedQueue<>();
    /** Opened by the test that uses {@link #GATED}. */
    public static volatile CountDownLatch gate = new CountDownLatch(0);

    /** What a bi-encoder runs: the stand-ins score as one would (auto picks the embedding method). */
    private static final Set<Strategy> POINTWISE = Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING);

    private final String nodeName;

    public InferenceNodesTestPlugin(Settings settings) {
        super(settings);
        this.nodeName = settings.get("node.name");
    }

    @Override
    protected ModelRegistry createModels(Settings settings) {
        ModelRegistry models = super.createModels(settings);
        models.register(TERM_COUNT, f -> new TermCount(TERM_COUNT, nodeName, false), () -> POINTWISE);
        models.register(GATED, f -> new TermCount(GATED, nodeName, true), () -> POINTWISE);
        return models;
    }

    private record TermCount(String name, String node, boolean gated) implements RerankModel {

        @Override
        public Set<Strategy> supportedStrategies() {
            return POINTWISE;
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            if (gated) {
                try {
                    // generous: the test opens the gate in a finally block; this only bounds a broken test
                    if (gate.await(10, TimeUnit.MINUTES) == false) {
                        throw new ModelException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ModelException("interrupted");
                }
            }
            RAN_ON.add(node);
            List<String> words = List.of(query.split("\\s+"));
            float[] scores = new float[passages.size()];
            for (int i = 0; i < scores.length; i++) {
                for (String w : passages.get(i).split("\\s+")) {
                    scores[i] += words.contains(w) ? 1 : 0;
                }
            }
            return new PointwiseScores(scores, 1e6 * passages.size(), -1, passages.size());
        }
    }
}

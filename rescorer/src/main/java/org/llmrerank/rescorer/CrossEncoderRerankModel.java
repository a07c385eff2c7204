package org.llmrerank.rescorer;

import java.util.List;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.crossencoder.CrossEncoder;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PairTokenizer;

/**
 * A cross-encoder scored pointwise: each passage is read together with the query in one forward pass
 * ({@code [CLS] query [SEP] passage [SEP]}) and scored by the classification head's logit. Scores are absolute: a
 * pair's score depends on that pair only, so any grouping of passages gives the same order.
 *
 * <p>FLOPs: {@code estimatedFlops} is the E2R-FLOPs encoder estimate of each pair at its real token count plus the
 * head, as the engine runs it; {@code countedFlops} is what the engine executed, padding included (on ONNX Runtime
 * derived from the shapes each batch ran at).
 */
public final class CrossEncoderRerankModel extends CrossEncoderModelBase {

    private final CrossEncoder engine;

    /** @param weightBytes size of the weights the engine holds, -1 when unknown */
    public CrossEncoderRerankModel(String name, PairTokenizer tokenizer, CrossEncoder engine, Architecture architecture, long weightBytes) {
        super(name, tokenizer, engine, architecture, weightBytes);
        this.engine = engine;
    }

    /** What every cross-encoder serves, known before one is loaded: pointwise by its head's score only. */
    public static Set<Strategy> strategies() {
        return Strategy.runnableWith(Set.of(RerankMethod.POINTWISE_CROSS_ENCODER));
    }

    @Override
    protected PointwiseScores score(List<Encoding> pairs, Cancellation cancellation) throws ModelException {
        CrossEncoder.Scored run = BiEncoderScoring.call(name, () -> engine.score(pairs, cancellation));
        double estimated = 0;
        long tokens = 0;
        for (Encoding pair : pairs) {
            estimated += engine.estimatedFlops(pair.length());
            tokens += pair.length();
        }
        return new PointwiseScores(run.scores(), estimated, run.countedFlops(), tokens,
            LayerUsage.of(engine.path(), architecture.nLayer(), pairs.size()));
    }

    @Override
    protected double pairCostBeforeCall(int tokens) {
        return engine.estimatedFlops(tokens);
    }

    @Override
    public String toString() {
        return "CrossEncoderRerankModel{" + name + ", " + engine.getClass().getSimpleName() + ", path " + engine.path() + "}";
    }
}

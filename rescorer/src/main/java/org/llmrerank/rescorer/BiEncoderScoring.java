package org.llmrerank.rescorer;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.rescorer.strategy.TokenCounter;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderCancelledException;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * What every bi-encoder RerankModel does the same way, whatever engine embeds the texts: input
 * checks, the estimated cost of a call from its token counts, and
 * the translation of engine failures into ModelException.
 */
final class BiEncoderScoring {

    private BiEncoderScoring() {}

    /**
     * What strategy {@code auto} can run on a bi-encoder: pointwise by embedding only, costed by {@code model}'s own
     * estimate; {@code architecture}'s name is the family the effectiveness table knows it by.
     */
    static java.util.Optional<AvailableModel> embeddingCapabilities(RerankModel model, String name, Architecture architecture,
                                                                    TokenCounter passageTokens) {
        return java.util.Optional.of(AvailableModel.builder(name, architecture.name(), architecture, passageTokens)
            .pointwise(model, RerankMethod.POINTWISE_EMBEDDING).build());
    }

    /** One engine call: embed the query and its passages. */
    @FunctionalInterface
    interface Embedding<E> {
        E embed(String query, List<String> passages, Cancellation cancellation) throws EncoderException;
    }

    /** Any engine call that may fail or be cancelled. */
    @FunctionalInterface
    interface EngineCall<E> {
        E run() throws EncoderException;
    }

    static <E> E embed(String model, Embedding<E> engine, String query, List<String> passages, Cancellation cancellation)
        throws ModelException {
        return call(model, () -> engine.embed(query, passages, cancellation));
    }

    static <E> E call(String model, EngineCall<E> engine) throws ModelException {
        try {
            return engine.run();
        } catch (EncoderCancelledException ex) {
            throw new ModelException("model [" + model + "]: cancelled", ex);
        } catch (EncoderException ex) {
            throw new ModelException("model [" + model + "] failed: " + ex.getMessage(), ex);
        }
    }

    static void requireTexts(String query, List<String> passages) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        for (int i = 0; i < passages.size(); i++) {
            if (passages.get(i) == null) {
                throw new IllegalArgumentException("passage #" + i + " is null; send only passages that have text");
            }
        }
    }

    /** Estimated FLOPs of one call: one forward pass per text at its real token count. */
    static double estimatedFlops(int queryTokens, int[] passageTokens, IntToDoubleFunction flopsOfPass) {
        double flops = flopsOfPass.applyAsDouble(queryTokens);
        for (int tokens : passageTokens) {
            flops += flopsOfPass.applyAsDouble(tokens);
        }
        return flops;
    }

    /** The same estimate before running, from tokenization alone: the query's pass is the fixed cost. */
    static RerankModel.PointwiseCost cost(String query, List<String> passages, Function<String, Encoding> encodeQuery,
                                          Function<String, Encoding> encodePassage, IntToDoubleFunction flopsOfPass) {
        requireTexts(query, passages);
        double fixed = flopsOfPass.applyAsDouble(encodeQuery.apply(query).length());
        double[] each = new double[passages.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = flopsOfPass.applyAsDouble(encodePassage.apply(passages.get(i)).length());
        }
        return new RerankModel.PointwiseCost(fixed, each);
    }
}

package org.llmrerank.integ;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * The E2R-FLOPs estimate of reranking one window with a bundled bi-encoder, computed by the job from the texts alone,
 * for a node whose responses carry no per-search details: one full-depth encoder pass per text at its token count
 * (the model's tokenizer and prefixes, truncated at the plugin's default sequence length), which is how the plugin
 * estimates a bi-encoder call. It holds when every passage of the window is judged: no budget, no fallback.
 */
final class TokenCountFlops {

    private final BundledModel model;
    private final WordPieceTokenizer tokenizer;

    private TokenCountFlops(BundledModel model, WordPieceTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** The rescorer's name suffix of a bundled int8 model in per-layer sessions (the job does not load the rescorer). */
    private static final String LAYERED_SUFFIX = "-routed-int8";

    /**
     * For a bundled bi-encoder, or a routed or layered model at full depth (its tokenizer and architecture are its
     * mirror's); else empty.
     */
    static Optional<TokenCountFlops> forModel(String name) throws IOException {
        Optional<BundledModel> m = BundledModel.byName(name).or(() -> RoutedBundledModel.byName(name).map(RoutedBundledModel::mirrors))
            .or(() -> name.endsWith(LAYERED_SUFFIX) ? BundledModel.byName(name.substring(0, name.length() - LAYERED_SUFFIX.length()))
                : Optional.empty());
        if (m.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream json = m.get().tokenizer().open()) {
            return Optional.of(new TokenCountFlops(m.get(), WordPieceTokenizer.fromJson(json, WordPieceTokenizer.DEFAULT_MAX_LENGTH)));
        }
    }

    double estimate(String query, List<String> passages) {
        double flops = pass(model.queryPrefix() + query);
        for (String p : passages) {
            flops += pass(model.passagePrefix() + p);
        }
        return flops;
    }

    private double pass(String text) {
        return FlopsEstimator.encoderOnly(model.architecture(), tokenizer.encode(text).length());
    }
}

package org.llmrerank.rescorer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.routing.BiEncoder;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.Cosine;

/**
 * A bi-encoder scored pointwise: relevance = cosine(embedding(query), embedding(passage)), the
 * prefixes the model was trained with included. Scores are absolute (each depends on its own
 * query-passage pair only, when the encoder runs with batch size 1), so any grouping of passages
 * gives the same order.
 *
 * <p>No batching across searches: {@link #scorePointwiseGroups} keeps the default, one call per group. The
 * bundled graphs are int8 with dynamic quantisation, which picks each activation's scale from the whole batch, so
 * a passage's embedding (and score) would depend on which other searches' passages share its batch; these models
 * run batch 1 for that reason, and grouping searches would only interleave them.
 *
 * <p>FLOPs: ONNX Runtime executes an opaque graph and cannot count what it ran, so
 * {@code countedFlops} is -1; {@code estimatedFlops} is the E2R-FLOPs encoder-only estimate,
 * one forward pass per text at its real token count (padding excluded).
 */
public final class BiEncoderRerankModel implements RerankModel {

    private final String name;
    private final BiEncoder encoder;
    private final Architecture architecture;
    private final long weightBytes;

    /** @param weightBytes size of the ONNX graph it runs (its weights), -1 when unknown */
    public BiEncoderRerankModel(String name, BiEncoder encoder, Architecture architecture, long weightBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.weightBytes = weightBytes;
    }

    public BiEncoderRerankModel(String name, BiEncoder encoder, Architecture architecture) {
        this(name, encoder, architecture, -1);
    }

    /**
     * What every bi-encoder serves, known before one is loaded: it only scores each passage by embedding similarity,
     * the one method of its capabilities ({@link BiEncoderScoring#embeddingCapabilities}).
     */
    public static Set<Strategy> strategies() {
        return Strategy.runnableWith(Set.of(RerankMethod.POINTWISE_EMBEDDING));
    }

    @Override
    public String name() {
        return name;
    }

    /** Pointwise by embedding only; the architecture's name is the family the effectiveness table knows it by. */
    @Override
    public java.util.Optional<org.llmrerank.rescorer.strategy.AvailableModel> capabilities() {
        return BiEncoderScoring.embeddingCapabilities(this, name, architecture, text -> encoder.encodePassage(text).length());
    }

    @Override
    public long weightBytes() {
        return weightBytes;
    }

    public Architecture architecture() {
        return architecture;
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        return scorePointwise(query, passages, new Cancellation());
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages, Cancellation cancellation)
            throws ModelException {
        BiEncoderScoring.requireTexts(query, passages);
        if (passages.isEmpty()) {
            return new PointwiseScores(new float[0], 0, -1, 0);
        }
        BiEncoder.QueryPassageEmbeddings e = BiEncoderScoring.embed(name, encoder::embed, query, passages, cancellation);
        double flops = BiEncoderScoring.estimatedFlops(e.queryTokens(), e.passageTokens(), this::flopsOfPass);
        // ONNX Runtime runs the graph whole: every layer once for the query and each passage
        return new PointwiseScores(Cosine.scores(e.query(), e.passages()), flops, -1, e.totalTokens(),
            LayerUsage.fullDepth(architecture.nLayer(), passages.size() + 1L));
    }

    /** Never: per-batch int8 activation scales would make a passage's score depend on its batch-mates (class comment). */
    @Override
    public boolean batchesAcrossGroups() {
        return false;
    }

    /** Tokenizes only: the query's forward pass is the fixed cost, each passage's its own. */
    @Override
    public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
        return Optional.of(BiEncoderScoring.cost(query, passages, encoder::encodeQuery, encoder::encodePassage, this::flopsOfPass));
    }

    private double flopsOfPass(int tokens) {
        return FlopsEstimator.encoderOnly(architecture, tokens);
    }

    /** Frees the ONNX Runtime session, after calls in flight finish. */
    @Override
    public void close() {
        encoder.close();
    }

    @Override
    public String toString() {
        return "BiEncoderRerankModel{" + name + ", " + encoder.encoder() + "}";
    }
}

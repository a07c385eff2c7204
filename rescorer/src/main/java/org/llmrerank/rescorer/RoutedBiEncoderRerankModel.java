package org.llmrerank.rescorer;

import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.Cosine;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.PathBiEncoder;
import org.llmrerank.routing.runtime.RoutedBiEncoder;

/**
 * A bi-encoder on a runtime that runs a layer path (DJL PyTorch fp32, or ONNX Runtime's per-layer int8 sessions), scored pointwise like
 * {@link BiEncoderRerankModel}: relevance = cosine(query, passage). What it adds is accounting:
 * {@code countedFlops} is what the runtime executed (padding included), {@code estimatedFlops}
 * the E2R-FLOPs estimate for the same layer path at each text's real token count, so their
 * ratio shows what padding costs.
 *
 * <p>Every text takes the same fixed {@link LayerPath} (full depth unless told otherwise); per-sequence
 * Dr.LLM routing is {@link RouterGuidedBiEncoderRerankModel}.
 *
 * <p>On the DJL runtime it needs DJL's PyTorch engine on the classpath (the plugin zip ships it).
 */
public final class RoutedBiEncoderRerankModel implements RerankModel {

    private final String name;
    private final PathBiEncoder encoder;
    private final Architecture architecture;
    private final LayerPath path;
    private final LongSupplier weightBytes;

    /** @param weightBytes bytes of weights copied into the engine now (it may open more as it runs), -1 when unknown */
    public RoutedBiEncoderRerankModel(String name, PathBiEncoder encoder, Architecture architecture, LayerPath path,
                                      LongSupplier weightBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.path = Objects.requireNonNull(path, "path").requireWithin(architecture.nLayer());
        this.weightBytes = Objects.requireNonNull(weightBytes, "weightBytes");
    }

    public RoutedBiEncoderRerankModel(String name, PathBiEncoder encoder, Architecture architecture, LayerPath path) {
        this(name, encoder, architecture, path, () -> -1);
    }

    @Override
    public String name() {
        return name;
    }

    /** Pointwise by embedding only, costed along this model's layer path. */
    @Override
    public java.util.Optional<org.llmrerank.rescorer.strategy.AvailableModel> capabilities() {
        return BiEncoderScoring.embeddingCapabilities(this, name, architecture, text -> encoder.encodePassage(text).length());
    }

    @Override
    public long weightBytes() {
        return weightBytes.getAsLong();
    }

    public LayerPath path() {
        return path;
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
            return new PointwiseScores(new float[0], 0, 0, 0);
        }
        RoutedBiEncoder.Embeddings run = BiEncoderScoring.embed(name, (q, p, c) -> encoder.embed(q, p, path, c), query, passages,
            cancellation);
        var e = run.texts();
        double estimated = BiEncoderScoring.estimatedFlops(e.queryTokens(), e.passageTokens(), this::estimate);
        return new PointwiseScores(Cosine.scores(e.query(), e.passages()), estimated, run.run().countedFlops(), e.totalTokens(),
            LayerUsage.of(path, architecture.nLayer(), passages.size() + 1L));
    }

    /**
     * All groups' queries and passages go through one length-sorted, bounded-padding encoder run, so same-length
     * texts of different searches share a batch. fp32 has no per-batch quantisation and padding is masked, so a
     * passage's embedding does not depend on its batch-mates (up to float rounding of differently shaped GEMMs), and
     * each group's counted FLOPs are those of its own rows, padded to a width that depends on their own length only:
     * exactly what the group counts alone.
     */
    @Override
    public List<PointwiseScores> scorePointwiseGroups(List<PointwiseGroup> groups, Cancellation cancellation) throws ModelException {
        // groups without passages cost nothing, as in scorePointwise: their query is not even encoded
        List<String> queries = new java.util.ArrayList<>(groups.size());
        List<List<String>> passages = new java.util.ArrayList<>(groups.size());
        for (PointwiseGroup g : groups) {
            BiEncoderScoring.requireTexts(g.query(), g.passages());
            if (g.passages().isEmpty() == false) {
                queries.add(g.query());
                passages.add(g.passages());
            }
        }
        List<RoutedBiEncoder.Embeddings> runs = queries.isEmpty() ? List.of()
            : BiEncoderScoring.call(name, () -> encoder.embedGroups(queries, passages, path, cancellation));
        List<PointwiseScores> out = new java.util.ArrayList<>(groups.size());
        int next = 0;
        for (PointwiseGroup g : groups) {
            int n = g.passages().size();
            if (n == 0) {
                out.add(new PointwiseScores(new float[0], 0, 0, 0));
                continue;
            }
            RoutedBiEncoder.Embeddings run = runs.get(next++);
            var e = run.texts();
            double estimated = BiEncoderScoring.estimatedFlops(e.queryTokens(), e.passageTokens(), this::estimate);
            out.add(new PointwiseScores(Cosine.scores(e.query(), e.passages()), estimated, run.run().countedFlops(),
                e.totalTokens(), LayerUsage.of(path, architecture.nLayer(), n + 1L)));
        }
        return out;
    }

    @Override
    public boolean batchesAcrossGroups() {
        return true;
    }

    /** Tokenizes only: the query's pass is the fixed cost, each passage's its own, along the model's path. */
    @Override
    public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
        return Optional.of(BiEncoderScoring.cost(query, passages, encoder::encodeQuery, encoder::encodePassage, this::estimate));
    }

    /** As our runtime runs the path: the last block at position 0 only under CLS pooling (bge), in full otherwise. */
    private double estimate(int tokens) {
        return encoder.estimatedFlops(architecture, path.layers(), tokens);
    }

    /** Frees the engine's weights after calls in flight finish. */
    @Override
    public void close() {
        encoder.close();
    }

    @Override
    public String toString() {
        return "RoutedBiEncoderRerankModel{" + name + ", path " + path + "}";
    }
}

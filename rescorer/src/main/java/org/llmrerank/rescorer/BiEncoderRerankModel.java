package org.llmrerank.rescorer;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * A bi-encoder scored pointwise: relevance = cosine(embedding(query prefix + query), embedding(passage)).
 * Scores are absolute, so any grouping of passages gives the same order. Runs on ONNX Runtime,
 * which executes an opaque graph: FLOPs are estimated (E2R-FLOPs, encoder-only) from the real token
 * counts, not counted.
 */
public final class BiEncoderRerankModel implements RerankModel {

    private final String name;
    private final WordPieceTokenizer tokenizer;
    private final OnnxBertEncoder encoder;
    private final String queryPrefix;
    private final Architecture architecture;

    public BiEncoderRerankModel(String name, WordPieceTokenizer tokenizer, OnnxBertEncoder encoder, String queryPrefix, Architecture architecture) {
        this.name = name;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.queryPrefix = queryPrefix;
        this.architecture = architecture;
    }

    /** Loads a bundled model: ONNX bytes and tokenizer from the classpath. */
    public static BiEncoderRerankModel load(BundledModel m, int intraOpThreads, int maxLength) throws ModelException {
        try {
            WordPieceTokenizer tokenizer;
            try (var json = m.tokenizerJson()) {
                tokenizer = WordPieceTokenizer.fromJson(json, maxLength);
            }
            OnnxBertEncoder encoder = new OnnxBertEncoder(m.onnxBytes(), m.pooling(), tokenizer.padId(), intraOpThreads,
                OnnxBertEncoder.DEFAULT_BATCH_SIZE);
            return new BiEncoderRerankModel(m.modelName(), tokenizer, encoder, m.queryPrefix(), m.architecture());
        } catch (IOException | OrtException e) {
            throw new ModelException("cannot load bundled model [" + m.modelName() + "]: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING);
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        List<Encoding> encodings = encode(query, passages);
        float[][] emb;
        try {
            emb = encoder.embed(encodings, null);
        } catch (OrtException e) {
            throw new ModelException("model [" + name + "] failed: " + e.getMessage(), e);
        }
        float[] q = emb[0];
        float[] scores = new float[passages.size()];
        for (int i = 0; i < scores.length; i++) {
            float[] p = emb[i + 1];
            double dot = 0;
            for (int d = 0; d < q.length; d++) {
                dot += (double) q[d] * p[d];
            }
            scores[i] = (float) dot; // both unit length: the dot product is the cosine
        }
        long tokens = 0;
        double flops = 0;
        for (Encoding e : encodings) {
            tokens += e.length();
            flops += FlopsEstimator.encoderOnly(architecture, e.length());
        }
        return new PointwiseScores(scores, flops, -1, tokens);
    }

    /** Tokenizes only: the query's encoding is the fixed cost, each passage's its own. */
    @Override
    public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
        double fixed = FlopsEstimator.encoderOnly(architecture, tokenizer.encode(queryPrefix + query).length());
        double[] each = new double[passages.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = FlopsEstimator.encoderOnly(architecture, tokenizer.encode(passages.get(i)).length());
        }
        return Optional.of(new PointwiseCost(fixed, each));
    }

    private List<Encoding> encode(String query, List<String> passages) {
        List<Encoding> encodings = new ArrayList<>(passages.size() + 1);
        encodings.add(tokenizer.encode(queryPrefix + query));
        for (String p : passages) {
            encodings.add(tokenizer.encode(p));
        }
        return encodings;
    }

    public Architecture architecture() {
        return architecture;
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } catch (OrtException e) {
            // closing a session cannot be retried; nothing else holds it
        }
    }
}

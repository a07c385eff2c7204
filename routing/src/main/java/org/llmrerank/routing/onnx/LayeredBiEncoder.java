package org.llmrerank.routing.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.QueryPassageInputs;
import org.llmrerank.routing.runtime.EncodedBatch;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.PathBiEncoder;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.router.TextRunner;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PrefixedTokenizer;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * A sentence-embedding model on per-layer ONNX Runtime sessions ({@link LayeredOnnxEncoder}): tokenizer, encoder and the
 * text prefixes the model was trained with; what it reports beside the embeddings are the FLOPs counted per executed
 * layer and the path taken. Thread-safe.
 */
public final class LayeredBiEncoder implements PathBiEncoder {

    private final PrefixedTokenizer tokenizer;
    private final LayeredOnnxEncoder encoder;

    public LayeredBiEncoder(WordPieceTokenizer tokenizer, LayeredOnnxEncoder encoder, String queryPrefix, String passagePrefix) {
        this.tokenizer = new PrefixedTokenizer(tokenizer, queryPrefix, passagePrefix);
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    public LayeredOnnxEncoder encoder() {
        return encoder;
    }

    @Override
    public Encoding encodeQuery(String query) {
        return tokenizer.query(query);
    }

    @Override
    public Encoding encodePassage(String passage) {
        return tokenizer.passage(passage);
    }

    @Override
    public RoutedBiEncoder.Embeddings embed(String query, List<String> passages, LayerPath path, Cancellation cancellation)
        throws EncoderException {
        List<Encoding> inputs = QueryPassageInputs.of(encodeQuery(query), passages, this::encodePassage);
        return RoutedBiEncoder.Embeddings.of(inputs, encoder.embed(inputs, path, cancellation));
    }

    /** One request after another: batches of one (the int8 graphs' default) gain nothing from sharing a call. */
    @Override
    public List<RoutedBiEncoder.Embeddings> embedGroups(List<String> queries, List<List<String>> passages, LayerPath path,
                                                        Cancellation cancellation) throws EncoderException {
        if (queries.size() != passages.size()) {
            throw new IllegalArgumentException(queries.size() + " queries but " + passages.size() + " passage lists");
        }
        List<RoutedBiEncoder.Embeddings> out = new ArrayList<>(queries.size());
        for (int g = 0; g < queries.size(); g++) {
            out.add(embed(queries.get(g), passages.get(g), path, cancellation));
        }
        return out;
    }

    @Override
    public EncodedBatch embed(List<Encoding> inputs, LayerPath path, Cancellation cancellation) throws EncoderException {
        return encoder.embed(inputs, path, cancellation);
    }

    /** As the encoder estimates a fixed path; {@code architecture} must be the encoder's own. */
    @Override
    public double estimatedFlops(Architecture architecture, List<Integer> layers, int tokens) {
        if (!architecture.equals(encoder.architecture())) {
            throw new IllegalArgumentException("the encoder runs " + encoder.architecture().name() + ", not " + architecture.name());
        }
        return encoder.estimatedFlops(layers, tokens);
    }

    @Override
    public TextRunner texts() {
        return encoder.texts();
    }

    @Override
    public void close() {
        encoder.close();
    }
}

package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.routing.BiEncoder;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.QueryPassageInputs;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.runtime.router.RoutedRunner;
import org.llmrerank.routing.runtime.router.TextRunner;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PrefixedTokenizer;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * A sentence-embedding model on the routed runtime: tokenizer, {@link RoutedBertEncoder} and the
 * text prefixes the model was trained with. The counterpart of {@code BiEncoder} (ONNX Runtime),
 * plus what only our runtime can report: FLOPs counted as executed and the layer path taken.
 * Thread-safe.
 */
public final class RoutedBiEncoder implements PathBiEncoder {

    /**
     * The same embeddings as the ONNX engine's, plus how they were computed: FLOPs counted as
     * executed and the layer path taken.
     */
    public record Embeddings(BiEncoder.QueryPassageEmbeddings texts, EncodedBatch run) {

        /** One run over {@link QueryPassageInputs}' rows (the query first). */
        public static Embeddings of(List<Encoding> inputs, EncodedBatch run) {
            return new Embeddings(BiEncoder.QueryPassageEmbeddings.of(inputs, run.embeddings()), run);
        }
    }

    private final PrefixedTokenizer tokenizer;
    private final RoutedBertEncoder encoder;

    public RoutedBiEncoder(WordPieceTokenizer tokenizer, RoutedBertEncoder encoder, String queryPrefix, String passagePrefix) {
        this.tokenizer = new PrefixedTokenizer(tokenizer, queryPrefix, passagePrefix);
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    public RoutedBertEncoder encoder() {
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

    /** Query and passages in one length-sorted request, all along {@code path}. */
    @Override
    public Embeddings embed(String query, List<String> passages, LayerPath path, Cancellation cancellation)
            throws EncoderException {
        List<Encoding> inputs = QueryPassageInputs.of(encodeQuery(query), passages, this::encodePassage);
        return Embeddings.of(inputs, encoder.embed(inputs, path, cancellation));
    }

    /**
     * Several (query, passages) requests in one length-sorted engine run ({@link RoutedBertEncoder#embedGroups}):
     * one {@link Embeddings} per request, in order, each with its own counted FLOPs.
     */
    @Override
    public List<Embeddings> embedGroups(List<String> queries, List<List<String>> passages, LayerPath path, Cancellation cancellation)
            throws EncoderException {
        if (queries.size() != passages.size()) {
            throw new IllegalArgumentException(queries.size() + " queries but " + passages.size() + " passage lists");
        }
        List<List<Encoding>> requests = new ArrayList<>(queries.size());
        for (int g = 0; g < queries.size(); g++) {
            requests.add(QueryPassageInputs.of(encodeQuery(queries.get(g)), passages.get(g), this::encodePassage));
        }
        List<EncodedBatch> runs = encoder.embedGroups(requests, path, cancellation);
        List<Embeddings> out = new ArrayList<>(runs.size());
        for (int g = 0; g < runs.size(); g++) {
            out.add(Embeddings.of(requests.get(g), runs.get(g)));
        }
        return out;
    }

    @Override
    public EncodedBatch embed(List<Encoding> inputs, LayerPath path, Cancellation cancellation) throws EncoderException {
        return encoder.embed(inputs, path, cancellation);
    }

    @Override
    public double estimatedFlops(Architecture architecture, List<Integer> layers, int tokens) {
        return encoder.estimatedFlops(architecture, layers, tokens);
    }

    @Override
    public TextRunner texts() {
        return new RoutedRunner(encoder.model(), encoder.pooling(), encoder.padId());
    }

    @Override
    public void close() {
        encoder.close();
    }
}

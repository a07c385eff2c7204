package org.llmrerank.routing.runtime;

import java.util.List;
import java.util.Objects;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.QueryPassageInputs;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * A sentence-embedding model on the routed runtime: tokenizer, {@link RoutedBertEncoder} and the
 * text prefixes the model was trained with. The counterpart of {@code BiEncoder} (ONNX Runtime),
 * plus what only our runtime can report: FLOPs counted as executed and the layer path taken.
 * Thread-safe.
 */
public final class RoutedBiEncoder implements AutoCloseable {

    /**
     * Unit-length embeddings of a query and its passages, what they cost, and how they were computed.
     *
     * @param queryTokens   tokens of the query as the model saw it (special tokens included)
     * @param passageTokens the same per passage
     */
    public record Embeddings(float[] query, int queryTokens, float[][] passages, int[] passageTokens,
                             EncodedBatch run) {

        public long totalTokens() {
            long n = queryTokens;
            for (int t : passageTokens) {
                n += t;
            }
            return n;
        }
    }

    private final WordPieceTokenizer tokenizer;
    private final RoutedBertEncoder encoder;
    private final String queryPrefix;
    private final String passagePrefix;

    public RoutedBiEncoder(WordPieceTokenizer tokenizer, RoutedBertEncoder encoder, String queryPrefix, String passagePrefix) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.queryPrefix = Objects.requireNonNull(queryPrefix, "queryPrefix");
        this.passagePrefix = Objects.requireNonNull(passagePrefix, "passagePrefix");
    }

    public RoutedBertEncoder encoder() {
        return encoder;
    }

    public Encoding encodeQuery(String query) {
        return tokenizer.encode(queryPrefix + query);
    }

    public Encoding encodePassage(String passage) {
        return tokenizer.encode(passagePrefix + passage);
    }

    /** Query and passages in one length-sorted request, all along {@code path}. */
    public Embeddings embed(String query, List<String> passages, LayerPath path, Cancellation cancellation)
            throws EncoderException {
        List<Encoding> inputs = QueryPassageInputs.of(encodeQuery(query), passages, this::encodePassage);
        EncodedBatch run = encoder.embed(inputs, path, cancellation);
        return new Embeddings(run.embeddings()[0], inputs.get(0).length(), QueryPassageInputs.passageRows(run.embeddings()),
            QueryPassageInputs.passageTokens(inputs), run);
    }

    @Override
    public void close() {
        encoder.close();
    }
}

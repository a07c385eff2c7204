package org.llmrerank.routing;

import java.util.List;
import java.util.Objects;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PrefixedTokenizer;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * A sentence-embedding model: tokenizer, encoder and the text prefixes it was trained with
 * (BGE, for instance, prefixes queries with an instruction but not passages). Thread-safe.
 */
public final class BiEncoder implements AutoCloseable {

    /**
     * Unit-length embeddings of a query and its passages, with the token count of each input as
     * the model saw it (special tokens included, after truncation).
     */
    public record QueryPassageEmbeddings(float[] query, int queryTokens, float[][] passages, int[] passageTokens) {

        /** From one run over {@link QueryPassageInputs}' rows (the query first) and its vectors, row for row. */
        public static QueryPassageEmbeddings of(List<Encoding> inputs, float[][] vectors) {
            return new QueryPassageEmbeddings(vectors[0], inputs.get(0).length(), QueryPassageInputs.passageRows(vectors),
                QueryPassageInputs.passageTokens(inputs));
        }

        public long totalTokens() {
            long n = queryTokens;
            for (int t : passageTokens) {
                n += t;
            }
            return n;
        }
    }

    private final PrefixedTokenizer tokenizer;
    private final OnnxBertEncoder encoder;

    public BiEncoder(WordPieceTokenizer tokenizer, OnnxBertEncoder encoder, String queryPrefix, String passagePrefix) {
        this.tokenizer = new PrefixedTokenizer(tokenizer, queryPrefix, passagePrefix);
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer.tokenizer();
    }

    public OnnxBertEncoder encoder() {
        return encoder;
    }

    public Encoding encodeQuery(String query) {
        return tokenizer.query(query);
    }

    public Encoding encodePassage(String passage) {
        return tokenizer.passage(passage);
    }

    /**
     * Embeds the query and the passages in one length-sorted pass, so the query shares a batch
     * with passages of its length instead of costing an ORT call of its own.
     */
    public QueryPassageEmbeddings embed(String query, List<String> passages, Cancellation cancellation)
            throws EncoderException {
        List<Encoding> inputs = QueryPassageInputs.of(encodeQuery(query), passages, this::encodePassage);
        return QueryPassageEmbeddings.of(inputs, encoder.embed(inputs, cancellation));
    }

    @Override
    public void close() {
        encoder.close();
    }
}

package org.llmrerank.routing.runtime;

import java.util.List;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.runtime.router.TextRunner;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * A sentence-embedding model whose layers run along a {@link LayerPath} with the FLOPs counted as executed: tokenizer,
 * prefixes and an engine that can skip or repeat layers. {@link RoutedBiEncoder} (DJL, fp32) and
 * {@code LayeredBiEncoder} (ONNX Runtime per-layer int8 sessions) are the two. Thread-safe.
 */
public interface PathBiEncoder extends AutoCloseable {

    Encoding encodeQuery(String query);

    Encoding encodePassage(String passage);

    /** Query and passages, all along {@code path}. */
    RoutedBiEncoder.Embeddings embed(String query, List<String> passages, LayerPath path, Cancellation cancellation)
        throws EncoderException;

    /** Several (query, passages) requests: one {@link RoutedBiEncoder.Embeddings} per request, in order, each with its own FLOPs. */
    List<RoutedBiEncoder.Embeddings> embedGroups(List<String> queries, List<List<String>> passages, LayerPath path,
                                                 Cancellation cancellation) throws EncoderException;

    /** Tokenized texts, all along {@code path}. */
    EncodedBatch embed(List<Encoding> inputs, LayerPath path, Cancellation cancellation) throws EncoderException;

    /** The estimated FLOPs of one {@code tokens}-long text along {@code layers}, as this engine runs a fixed path. */
    double estimatedFlops(Architecture architecture, List<Integer> layers, int tokens);

    /** One text at a time, along a path or routed: what routers drive. */
    TextRunner texts();

    @Override
    void close();
}

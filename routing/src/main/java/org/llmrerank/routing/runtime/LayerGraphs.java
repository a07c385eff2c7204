package org.llmrerank.routing.runtime;

import java.util.List;
import java.util.Set;

/**
 * A BERT-class ONNX graph cut at its layer boundaries ({@link OnnxLayerCutter}): an embeddings graph that turns
 * token ids into the first hidden state and the attention bias every layer adds, and one graph per encoder layer
 * from the hidden state entering it (and that bias) to the one leaving it. Chained along {@code 0..L-1} they compute
 * what the whole graph computes; along another {@link LayerPath} they skip or repeat layers.
 *
 * @param embeddings the serialized embeddings graph: the original graph inputs it reads, outputs
 *                   {@code firstHidden} and {@code attentionBias}
 * @param firstHidden   the tensor the embeddings graph hands to the first layer
 * @param attentionBias the tensor every layer adds to its attention scores (derived from the attention mask)
 * @param layers        one graph per encoder layer, in order
 * @param spans         writes the graph of several consecutive layers, which one call runs
 */
public record LayerGraphs(byte[] embeddings, List<String> embeddingInputs, String firstHidden, String attentionBias,
                          List<Layer> layers, SpanWriter spans) {

    /** Writes the graph of a {@link LayerSpan}, cut from the same model as the layers. */
    @FunctionalInterface
    public interface SpanWriter {
        /**
         * The span's graph: inputs the embeddings' inputs (a span from the embeddings) or the hidden state entering
         * {@code from} and the attention bias; outputs the hidden state leaving {@code to} ({@code [batch, 1, d]} when
         * its last layer computes the first position only), and the attention bias too from the embeddings, for the
         * spans that follow.
         */
        byte[] graph(LayerSpan span);
    }

    /**
     * One encoder layer's graph.
     *
     * @param graph               the serialized graph: inputs {@code input} and the attention bias, output {@code output}
     * @param input               the hidden state entering the layer, as the original graph names it
     * @param output              the hidden state leaving it
     * @param firstPositionGraph  the same layer computing its output at the first position only ({@code [batch, 1, d]}):
     *                            keys and values still from every position, the query, attention output and FFN for
     *                            the first. What a path's last layer needs when only the first position is pooled (CLS)
     * @param allPositionMatmuls  the weight matmuls of {@code firstPositionGraph} that still read every position (the
     *                            key and value projections), by node name; its other weight matmuls read one row per
     *                            sequence
     */
    public record Layer(byte[] graph, String input, String output, byte[] firstPositionGraph, Set<String> allPositionMatmuls) {
        public Layer {
            allPositionMatmuls = Set.copyOf(allPositionMatmuls);
        }
    }

    public LayerGraphs {
        embeddingInputs = List.copyOf(embeddingInputs);
        layers = List.copyOf(layers);
    }
}

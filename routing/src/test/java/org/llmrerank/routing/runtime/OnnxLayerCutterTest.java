package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Graphs the cutter must refuse, built field by field: it names what it expected and what it found instead of cutting
 * a graph whose layers it cannot tell apart.
 */
class OnnxLayerCutterTest {

    @Test
    void aGraphWithoutNamedLayersIsRefused() {
        byte[] model = model(List.of(node("/embeddings/Add", "Add", List.of("input_ids", "input_ids"), "hidden")), "hidden");
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxLayerCutter.cut(model));
        assertTrue(e.getMessage().contains("at least two layers"), e.getMessage());
    }

    /** Layer 0 hands layer 1 two tensors: which one is the hidden state is not the cutter's guess to make. */
    @Test
    void twoTensorsBetweenLayersAreRefused() {
        byte[] model = model(List.of(
            node("/Mul", "Mul", List.of("attention_mask", "attention_mask"), "bias"),
            node("/embeddings/Add", "Add", List.of("input_ids", "input_ids"), "h"),
            node("/encoder/layer.0/Add", "Add", List.of("h", "bias"), "a0"),
            node("/encoder/layer.0/Mul", "Mul", List.of("h", "bias"), "b0"),
            node("/encoder/layer.1/Add", "Add", List.of("a0", "bias"), "a1"),
            node("/encoder/layer.1/Add_1", "Add", List.of("a1", "b0"), "out")), "out");
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxLayerCutter.cut(model));
        assertTrue(e.getMessage().contains("between layers 0 and 1") && e.getMessage().contains("[a0, b0]"), e.getMessage());
    }

    /**
     * Attention-shaped layers joined by one tensor cut: each layer graph reads its input and the bias, and its
     * first-position form knows which weight matmul still reads every position (the key projection).
     */
    @Test
    void oneTensorBetweenLayersCuts() {
        List<ProtoWriter> nodes = new java.util.ArrayList<>(List.of(
            node("/Mul", "Mul", List.of("attention_mask", "attention_mask"), "bias"),
            node("/embeddings/Add", "Add", List.of("input_ids", "input_ids"), "h")));
        String in = "h";
        for (int l = 0; l < 2; l++) {
            String p = "/encoder/layer." + l + "/";
            String out = l == 1 ? "out" : "h" + l;
            nodes.add(node(p + "query/MatMul", "MatMul", List.of(in, "wq"), "q" + l));
            nodes.add(node(p + "key/MatMul", "MatMul", List.of(in, "wk"), "k" + l));
            nodes.add(node(p + "MatMul", "MatMul", List.of("q" + l, "k" + l), "s" + l));
            nodes.add(node(p + "Add", "Add", List.of("s" + l, "bias"), "m" + l));
            nodes.add(node(p + "output/Add", "Add", List.of("m" + l, in), out));
            in = out;
        }
        LayerGraphs g = OnnxLayerCutter.cut(model(nodes, "out"));
        assertEquals("h", g.firstHidden());
        assertEquals("bias", g.attentionBias());
        assertEquals(List.of("input_ids", "attention_mask"), g.embeddingInputs());
        assertEquals(2, g.layers().size());
        assertEquals("h0", g.layers().get(0).output());
        assertEquals("h0", g.layers().get(1).input());
        OnnxModelFile layer1 = OnnxModelFile.parse(g.layers().get(1).graph());
        assertEquals(List.of("/encoder/layer.1/query/MatMul", "/encoder/layer.1/key/MatMul", "/encoder/layer.1/MatMul",
            "/encoder/layer.1/Add", "/encoder/layer.1/output/Add"), layer1.nodes().stream().map(OnnxNode::name).toList());
        assertEquals(java.util.Set.of("wq", "wk"), layer1.initializers().keySet());
        assertEquals(java.util.Set.of("/encoder/layer.1/key/MatMul"), g.layers().get(1).allPositionMatmuls());
        OnnxModelFile first = OnnxModelFile.parse(g.layers().get(1).firstPositionGraph());
        OnnxNode query = first.nodes().stream().filter(n -> n.name().equals("/encoder/layer.1/query/MatMul")).findFirst().orElseThrow();
        OnnxNode slice = first.nodes().get(0);
        assertEquals("Slice", slice.opType());
        assertEquals("h0", slice.inputs().get(0));
        assertEquals(slice.outputs().get(0), query.inputs().get(0), "the query reads the first position");
    }

    private static ProtoWriter node(String name, String op, List<String> inputs, String output) {
        ProtoWriter n = new ProtoWriter();
        inputs.forEach(i -> n.string(1, i));
        return n.string(2, output).string(3, name).string(4, op);
    }

    private static byte[] model(List<ProtoWriter> nodes, String output) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.message(5, TinyBert.tensor("wq", new float[] {1, 2, 3, 4}, false, 2, 2));
        graph.message(5, TinyBert.tensor("wk", new float[] {5, 6, 7, 8}, false, 2, 2));
        graph.message(11, new ProtoWriter().string(1, "input_ids"));
        graph.message(11, new ProtoWriter().string(1, "attention_mask"));
        graph.message(12, new ProtoWriter().string(1, output));
        return new ProtoWriter().varint(1, 8).message(7, graph).toByteArray();
    }
}

package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxModelFileTest {

    private static final float[] VALUES = {1.5f, -2.25f, 3.125f, -0.0625f, 7f, 1e-7f};

    @Test
    void readsRawDataAndFloatDataInitializersAndSkipsUnknownFields() {
        ProtoWriter graph = new ProtoWriter()
                .string(2, "g")
                .message(5, TinyBert.tensor("raw", VALUES, false, 2, 3))
                .message(5, TinyBert.tensor("floats", VALUES, true, 3, 2))
                .message(13, new ProtoWriter().string(1, "value_info we do not read"))
                .message(1, new ProtoWriter().string(1, "a").string(1, "raw").string(2, "y").string(3, "/mm/MatMul")
                        .string(4, "MatMul").message(5, new ProtoWriter().string(1, "transB").varint(3, 1).varint(20, 2)));
        byte[] model = new ProtoWriter().varint(1, 8)
                .message(8, new ProtoWriter().string(1, "").varint(2, 17)) // opset_import
                .message(7, graph)
                .string(14, "metadata")
                .toByteArray();

        OnnxModelFile f = OnnxModelFile.parse(model);

        assertEquals(List.of("raw", "floats"), List.copyOf(f.initializers().keySet()));
        OnnxTensorData raw = f.initializer("raw");
        assertArrayEquals(new long[] {2, 3}, raw.dims());
        assertArrayEquals(VALUES, raw.floats());
        OnnxTensorData floats = f.initializer("floats");
        assertArrayEquals(new long[] {3, 2}, floats.dims());
        assertArrayEquals(VALUES, floats.floats());
        assertEquals(1, f.nodes().size());
        OnnxNode n = f.nodes().get(0);
        assertEquals("MatMul", n.opType());
        assertEquals("/mm/MatMul", n.name());
        assertEquals(List.of("a", "raw"), n.inputs());
        assertEquals(List.of("y"), n.outputs());
    }

    @Test
    void rejectsTruncatedFilesAndMismatchedPayloads() {
        byte[] good = new ProtoWriter().message(7, new ProtoWriter().message(5, TinyBert.tensor("w", VALUES, false, 2, 3)))
                .toByteArray();
        byte[] truncated = Arrays.copyOf(good, good.length - 5);
        assertThrows(OnnxFormatException.class, () -> OnnxModelFile.parse(truncated));

        byte[] wrongShape = new ProtoWriter().message(7, new ProtoWriter().message(5, TinyBert.tensor("w", VALUES, false, 4, 3)))
                .toByteArray();
        OnnxModelFile f = OnnxModelFile.parse(wrongShape);
        assertThrows(OnnxFormatException.class, () -> f.initializer("w").floats());
        assertThrows(OnnxFormatException.class, () -> f.initializer("missing"));
        assertThrows(OnnxFormatException.class, () -> OnnxModelFile.parse(new ProtoWriter().varint(1, 7).toByteArray()));
    }

    @Test
    void mapsTheExportLayoutToBertWeights() {
        BertWeights written = TinyBert.randomWeights(TinyBert.CONFIG, 7);
        BertWeights read = OnnxBertWeights.read(OnnxModelFile.parse(TinyBert.toOnnx(written)));

        assertEquals(written.config(), read.config());
        assertArrayEquals(written.wordEmbeddings(), read.wordEmbeddings());
        assertArrayEquals(written.positionEmbeddings(), read.positionEmbeddings());
        assertArrayEquals(written.typeEmbeddings(), read.typeEmbeddings());
        assertArrayEquals(written.embeddingNorm().gamma(), read.embeddingNorm().gamma());
        for (int i = 0; i < written.layers().size(); i++) {
            BertWeights.Layer a = written.layers().get(i);
            BertWeights.Layer b = read.layers().get(i);
            assertArrayEquals(a.query().weight(), b.query().weight(), "layer " + i + " query");
            assertArrayEquals(a.key().weight(), b.key().weight(), "layer " + i + " key");
            assertArrayEquals(a.value().weight(), b.value().weight(), "layer " + i + " value");
            assertArrayEquals(a.value().bias(), b.value().bias(), "layer " + i + " value bias");
            assertArrayEquals(a.attentionOutput().weight(), b.attentionOutput().weight(), "layer " + i + " attention output");
            assertArrayEquals(a.intermediate().weight(), b.intermediate().weight(), "layer " + i + " intermediate");
            assertArrayEquals(a.output().weight(), b.output().weight(), "layer " + i + " output");
            assertArrayEquals(a.outputNorm().beta(), b.outputNorm().beta(), "layer " + i + " output LayerNorm");
            assertArrayEquals(a.attentionNorm().gamma(), b.attentionNorm().gamma(), "layer " + i + " attention LayerNorm");
        }
    }
}

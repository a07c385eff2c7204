package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmrerank.routing.BundledModel;

class OnnxEncoderShapeTest {

    @Test
    void readsTheSizesOfTheBundledInt8Graphs() throws Exception {
        assertEquals(Map.of("vocab_size", 30522L, "hidden_size", 384L, "intermediate_size", 1536L, "num_hidden_layers", 6L),
                OnnxEncoderShape.of(OnnxModelFile.parse(BundledModel.ALL_MINILM_L6_V2.onnxBytes())));
        assertEquals(12L, OnnxEncoderShape.of(OnnxModelFile.parse(BundledModel.BGE_SMALL.onnxBytes())).get("num_hidden_layers"));
    }

    @Test
    void readsTheSizesOfAnFp32Export() {
        Map<String, Long> shape = OnnxEncoderShape.of(OnnxModelFile.parse(TinyBert.toOnnx(TinyBert.randomWeights(TinyBert.CONFIG, 3))));
        assertEquals(Map.of("vocab_size", 57L, "hidden_size", 24L, "intermediate_size", 40L, "num_hidden_layers", 3L), shape);
    }

    @Test
    void reportsNothingItCannotSee() {
        byte[] bare = new ProtoWriter().message(7, new ProtoWriter().message(1, new ProtoWriter().string(4, "Identity"))).toByteArray();
        assertTrue(OnnxEncoderShape.of(OnnxModelFile.parse(bare)).isEmpty());
    }

    @Test
    void refusesTensorsKeptInExternalFiles() {
        byte[] external = new ProtoWriter().message(7, new ProtoWriter().message(5, new ProtoWriter().varint(1, 2).varint(2, 1)
                .string(8, "w").message(13, new ProtoWriter().string(1, "location").string(2, "/etc/passwd")).varint(14, 1)))
                .toByteArray();
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModelFile.parse(external));
        assertTrue(e.getMessage().contains("tensor w keeps its data in an external file"), e.getMessage());
    }
}

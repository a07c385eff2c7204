package org.llmrerank.routing.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.Test;
import org.llmrerank.routing.BundledModel;

class ExecutionProviderTest {

    @Test
    void namesAreTheSettingsValuesAndAnUnknownOneListsThem() {
        assertEquals(ExecutionProvider.CPU, ExecutionProvider.byName("cpu"));
        assertEquals(ExecutionProvider.CUDA, ExecutionProvider.byName("cuda"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionProvider.byName("CUDA"));
        assertTrue(e.getMessage().contains("[CUDA]") && e.getMessage().contains("[cpu, cuda]"), e.getMessage());
        assertEquals(ExecutionProvider.CPU, new EncoderOptions(1, 1, false).executionProvider(), "the CPU unless asked");
    }

    @Test
    void cudaOnTheCpuBuildFailsAtLoadSayingWhatAGpuNodeNeeds() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "this ONNX Runtime is the GPU build");
        BundledModel m = BundledModel.ALL_MINILM_L6_V2;
        EncoderOptions cuda = new EncoderOptions(1, 1, false).withExecutionProvider(ExecutionProvider.CUDA);
        EncoderException e = assertThrows(EncoderException.class, () -> OnnxBertEncoder.load(m.onnxModel(), m.pooling(), cuda, 0));
        assertTrue(e.getMessage().contains("[cuda] is not available") && e.getMessage().contains("onnxruntime_gpu")
                && e.getMessage().contains(m.onnxModel().toString()), e.getMessage());
    }

    @Test
    void theCpuProviderLoadsAsBefore() throws Exception {
        BundledModel m = BundledModel.ALL_MINILM_L6_V2;
        EncoderOptions cpu = new EncoderOptions(1, 1, false, ExecutionProvider.CPU);
        try (OnnxBertEncoder encoder = OnnxBertEncoder.load(m.onnxModel(), m.pooling(), cpu, 0)) {
            assertEquals(ExecutionProvider.CPU, encoder.options().executionProvider());
            assertEquals(384, encoder.dimension());
        }
    }
}

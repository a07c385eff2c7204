package org.llmrerank.rescorer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RouterGuidedBiEncoderRerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.llm.PointwisePrompt;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;

/** Names to descriptors, and descriptors to loaded models: one path for bundled, registered and command-line models. */
class ModelFactoryTest {

    private static final String QUERY = "how long is life cycle of flea";
    private static final List<String> PASSAGES = List.of("The capital of France is Paris.",
        "The life cycle of a flea can last anywhere from 20 days to an entire year.");
    private static final ModelFactory FACTORY = new ModelFactory(new EncoderOptions(1, 1, false), 256);

    @TempDir
    Path dir;

    @Test
    void bundledNamesResolveInAnyCaseAndAreReservedEvenWithoutTheirRuntime() {
        List<String> names = ModelDescriptors.bundled().stream().map(ModelDescriptor::name).toList();
        assertEquals(List.of("bge-small", "all-minilm-l6-v2"), names.subList(0, 2));
        assertEquals(RoutedBundledModel.BGE_SMALL.runtimeAvailable(), names.contains("bge-small-routed"));
        assertEquals(new ModelDescriptor.Bundled(BundledModel.BGE_SMALL), ModelDescriptors.bundled(" BGE-Small ").orElseThrow());
        assertTrue(ModelDescriptors.bundled("gpt-4").isEmpty());
        assertTrue(ModelDescriptors.bundled(null).isEmpty());
        assertTrue(ModelDescriptors.isBundledName("bge-small-routed"));
        assertTrue(ModelDescriptors.isBundledName("bge-small-routed-int8"));
        assertEquals(new ModelDescriptor.Layered(BundledModel.BGE_SMALL), ModelDescriptors.bundled("bge-small-routed-int8").orElseThrow());
        assertFalse(ModelDescriptors.isBundledName("my-model"));
        assertEquals(Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING),
            ModelDescriptors.bundled("all-minilm-l6-v2").orElseThrow().strategies());
    }

    @Test
    void commandLineNamesAreCheckpointFoldersBundledModelsOrAnFp32Reference() throws Exception {
        Path ckpt = Files.createDirectories(dir.resolve("my-ckpt"));
        Files.writeString(ckpt.resolve("config.json"), "{\"model_type\": \"qwen2\"}");
        ModelDescriptor d = ModelDescriptors.commandLine(ckpt.toString(), RerankMethod.POINTWISE_QLM, PointwisePrompt.MONO_T5)
            .orElseThrow();
        assertEquals(new ModelDescriptor.Checkpoint("my-ckpt", ckpt, RerankMethod.POINTWISE_QLM, PointwisePrompt.MONO_T5), d);
        assertTrue(d.strategies().contains(Strategy.SETWISE_HEAPSORT) && d.strategies().contains(Strategy.POINTWISE_QLM), d.strategies().toString());
        assertFalse(ModelDescriptors.isCheckpointDir(dir.toString()), "a folder without config.json is no checkpoint");

        assertEquals(new ModelDescriptor.OnnxRuntimeFp32(RoutedBundledModel.BGE_SMALL),
            ModelDescriptors.commandLine("BGE-small-fp32", RerankMethod.POINTWISE_YES_NO, PointwisePrompt.YES_NO).orElseThrow());
        assertEquals("bge-small-fp32", new ModelDescriptor.OnnxRuntimeFp32(RoutedBundledModel.BGE_SMALL).name());
        assertEquals(new ModelDescriptor.Bundled(BundledModel.ALL_MINILM_L6_V2),
            ModelDescriptors.commandLine("all-minilm-l6-v2", RerankMethod.POINTWISE_YES_NO, PointwisePrompt.YES_NO).orElseThrow());
        assertTrue(ModelDescriptors.commandLine("nope", RerankMethod.POINTWISE_YES_NO, PointwisePrompt.YES_NO).isEmpty());
    }

    @Test
    void aRegistrationOfTheBundledFilesScoresExactlyAsTheBundledModel() throws Exception {
        BundledModel m = BundledModel.ALL_MINILM_L6_V2;
        byte[] graph = m.onnxBytes();
        ModelDescriptor.RegisteredOnnx registered = new ModelDescriptor.RegisteredOnnx("mine", ModelResource.content("x/model.onnx", graph),
            ModelResource.content("x/tokenizer.json", m.tokenizer().readAllBytes()), m.architecture(), Pooling.MEAN, "", "");
        try (RerankModel bundled = FACTORY.open(new ModelDescriptor.Bundled(m)); RerankModel mine = FACTORY.open(registered)) {
            assertEquals("all-minilm-l6-v2", bundled.name());
            assertEquals("mine", mine.name());
            assertEquals(graph.length, mine.weightBytes());
            assertEquals(bundled.weightBytes(), mine.weightBytes());
            assertArrayEquals(bundled.scorePointwise(QUERY, PASSAGES).scores(), mine.scorePointwise(QUERY, PASSAGES).scores());
        }
    }

    @Test
    void aGraphThatCannotLoadIsNamedByItsLabel() throws Exception {
        BundledModel m = BundledModel.ALL_MINILM_L6_V2;
        ModelDescriptor.RegisteredOnnx broken = new ModelDescriptor.RegisteredOnnx("mine", ModelResource.content("x/model.onnx", new byte[64]),
            ModelResource.content("x/tokenizer.json", m.tokenizer().readAllBytes()), m.architecture(), Pooling.MEAN, "", "");
        ModelException e = assertThrows(ModelException.class, () -> FACTORY.open(broken));
        assertTrue(e.getMessage().startsWith("cannot load model [mine]: [x/model.onnx] "), e.getMessage());
    }

    @Test
    void routersRunOnlyOnTheRoutedModel() throws Exception {
        Path routers = dir.resolve("routers.bin");
        LayerRouters.xavier(12, 384, 8, 1).save(routers);
        assertThrows(IllegalArgumentException.class, () -> ModelDescriptors.withRouters("bge-small", routers, 0));
        ModelDescriptor.RouterGuided d = (ModelDescriptor.RouterGuided) ModelDescriptors.withRouters(" BGE-small-routed", routers, -0.5);
        assertEquals("bge-small-routed+routers", d.name());
        assertEquals(RoutedBundledModel.BGE_SMALL, d.base());
        assertEquals(-0.5, d.knob());
        assertEquals(12, d.routers().layers());
        if (RoutedBundledModel.BGE_SMALL.runtimeAvailable()) {
            try (RerankModel model = FACTORY.open(d)) {
                assertInstanceOf(RouterGuidedBiEncoderRerankModel.class, model);
                assertEquals(2, model.scorePointwise(QUERY, PASSAGES).scores().length);
                assertEquals(RoutedBundledModel.BGE_SMALL.onnxModel().size(), model.weightBytes());
            }
        }
    }
}

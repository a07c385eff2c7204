package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelDescriptors;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.runtime.router.LayerRouters;

/**
 * bge-small-routed-int8 (the bundled int8 bge-small in per-layer sessions) against bge-small (the same graph in one
 * session) on one DL19 query's passages: the same ranking scores up to the first-position last layer's finer
 * rounding, FLOPs counted as estimated; and with routers, the paths they chose counted.
 */
class LayeredScoringTest {

    /** Batches of one, as the bundled int8 models run. */
    private static final ModelFactory FACTORY = new ModelFactory(new EncoderOptions(2, 1, false), 512);

    private static RerankModel layered;
    private static RerankModel whole;
    private static String query;
    private static List<String> passages;

    @TempDir
    static Path dir;

    @BeforeAll
    static void load() throws Exception {
        layered = FACTORY.open(ModelDescriptors.bundled("bge-small-routed-int8").orElseThrow());
        whole = FACTORY.open(new ModelDescriptor.Bundled(BundledModel.BGE_SMALL));
        TrecDl19.Query q = TrecDl19.bm25Top100().get(3);
        query = q.text();
        passages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            passages.add(q.hits().get(i).content());
        }
    }

    @AfterAll
    static void close() {
        if (layered != null) {
            layered.close();
        }
        if (whole != null) {
            whole.close();
        }
    }

    /**
     * Cosine scores move by the first-position last layer's rounding only (embeddings within 0.03 relative L2, so a
     * cosine by well under 0.02); the counted FLOPs are the estimate.
     */
    @Test
    void scoresAsTheOneSessionModelAndCountsWhatItEstimates() throws Exception {
        PointwiseScores a = layered.scorePointwise(query, passages, new Cancellation());
        PointwiseScores b = whole.scorePointwise(query, passages, new Cancellation());
        for (int i = 0; i < passages.size(); i++) {
            assertEquals(b.scores()[i], a.scores()[i], 0.02, "passage " + i);
        }
        assertTrue(a.countedFlops() > 0);
        assertEquals(a.estimatedFlops(), a.countedFlops(), 1e-9 * a.estimatedFlops());
    }

    @Test
    void routersRunOnTheLayeredEngine() throws Exception {
        Path file = dir.resolve("routers.bin");
        LayerRouters.xavier(12, 384, 16, 7).save(file);
        ModelDescriptor d = ModelDescriptors.withRouters("bge-small-routed-int8", file, LayerRouters.PLAIN);
        assertEquals("bge-small-routed-int8+routers", d.name());
        try (RerankModel routed = FACTORY.open(d)) {
            PointwiseScores s = routed.scorePointwise(query, passages, new Cancellation());
            assertEquals(passages.size(), s.scores().length);
            // per-sequence routers: the query at full depth, each passage along its own path, all run in full
            assertEquals(s.estimatedFlops(), s.countedFlops(), 1e-9 * s.estimatedFlops());
            // untrained routers of this seed skip or repeat layers
            assertTrue(((RouterGuidedBiEncoderRerankModel) routed).totals().passageLayers() != 12L * passages.size());
        }
    }
}

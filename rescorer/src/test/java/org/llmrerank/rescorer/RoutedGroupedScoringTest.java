package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.runtime.RoutedBundledModel;

/**
 * Continuous batching on the real model: bge-small-routed (fp32, our runtime) scores three DL19 queries' passages in
 * one grouped call and each query separately; the scores agree to float rounding and every group is charged exactly
 * the FLOPs, tokens and layers of its separate call.
 */
class RoutedGroupedScoringTest {

    private static RoutedBiEncoderRerankModel model;
    private static List<PointwiseGroup> groups;

    @BeforeAll
    static void load() throws Exception {
        model = (RoutedBiEncoderRerankModel) new ModelFactory(EncoderOptions.defaults(), 512)
            .open(new ModelDescriptor.Routed(RoutedBundledModel.BGE_SMALL));
        List<TrecDl19.Query> queries = TrecDl19.bm25Top100();
        groups = new ArrayList<>();
        for (int q = 0; q < 3; q++) {
            TrecDl19.Query query = queries.get(q * 7); // three different topics
            List<String> passages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                passages.add(query.hits().get(i).content());
            }
            groups.add(new PointwiseGroup(query.text(), passages));
        }
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void oneGroupedCallScoresEachQueryAsItsOwnCallDoes() throws Exception {
        assertTrue(model.batchesAcrossGroups());
        List<PointwiseScores> grouped = model.scorePointwiseGroups(groups, new Cancellation());
        assertEquals(groups.size(), grouped.size());
        double worst = 0;
        for (int g = 0; g < groups.size(); g++) {
            PointwiseScores alone = model.scorePointwise(groups.get(g).query(), groups.get(g).passages(), new Cancellation());
            PointwiseScores together = grouped.get(g);
            assertEquals(alone.scores().length, together.scores().length);
            for (int i = 0; i < alone.scores().length; i++) {
                double err = Math.abs(together.scores()[i] - alone.scores()[i]) / Math.abs(alone.scores()[i]);
                worst = Math.max(worst, err);
            }
            assertEquals(alone.countedFlops(), together.countedFlops(), "group " + g + " counted FLOPs");
            assertEquals(alone.estimatedFlops(), together.estimatedFlops(), "group " + g + " estimated FLOPs");
            assertEquals(alone.inputTokens(), together.inputTokens(), "group " + g + " tokens");
            assertEquals(alone.layers(), together.layers(), "group " + g + " layers");
            assertTrue(together.countedFlops() > 0);
        }
        System.out.printf("bge-small-routed, %d DL19 queries x 20 passages grouped vs alone: max relative score error %.2e%n",
            groups.size(), worst);
        assertTrue(worst <= 1e-4, "max relative score error " + worst);
    }

    @Test
    void anEmptyGroupCostsNothingAndACancelledCallScoresNoGroup() throws Exception {
        List<PointwiseGroup> withEmpty = List.of(new PointwiseGroup("no passages", List.of()), groups.get(0));
        List<PointwiseScores> out = model.scorePointwiseGroups(withEmpty, new Cancellation());
        assertEquals(0, out.get(0).scores().length);
        assertEquals(0, out.get(0).countedFlops());
        assertEquals(20, out.get(1).scores().length);
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        assertThrows(ModelException.class, () -> model.scorePointwiseGroups(groups, cancelled));
    }
}

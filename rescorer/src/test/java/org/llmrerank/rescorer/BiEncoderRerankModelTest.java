package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

class BiEncoderRerankModelTest {

    private static final String QUERY = "how long is life cycle of flea";
    private static final List<String> PASSAGES = List.of(
            "The capital of France is Paris, a city on the Seine.",
            "The life cycle of a flea can last anywhere from 20 days to an entire year.",
            "Fleas are wingless insects; adult fleas feed on blood.");

    private static BiEncoderRerankModel model;

    @BeforeAll
    static void load() throws Exception {
        model = (BiEncoderRerankModel) new ModelFactory(new EncoderOptions(2, 1, false), 512)
                .open(new ModelDescriptor.Bundled(BundledModel.BGE_SMALL));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void scoresAreCosinesAndTheAnsweringPassageWins() throws Exception {
        PointwiseScores s = model.scorePointwise(QUERY, PASSAGES);
        assertEquals(3, s.scores().length);
        for (float score : s.scores()) {
            assertTrue(score > -1.0001f && score < 1.0001f, "a cosine: " + score);
        }
        assertTrue(s.scores()[1] > s.scores()[2] && s.scores()[2] > s.scores()[0], Arrays.toString(s.scores()));
        // absolute: a passage scores the same alone as among others
        assertEquals(s.scores()[1], model.scorePointwise(QUERY, List.of(PASSAGES.get(1))).scores()[0], 1e-6f);
    }

    @Test
    void costIsTheEncoderOnlyEstimateOverRealTokenCounts() throws Exception {
        PointwiseScores s = model.scorePointwise(QUERY, PASSAGES);
        WordPieceTokenizer tok;
        try (var json = BundledModel.BGE_SMALL.tokenizerJson()) {
            tok = WordPieceTokenizer.fromJson(json, 512);
        }
        int queryTokens = tok.encode(BundledModel.BGE_SMALL.queryPrefix() + QUERY).length();
        double flops = FlopsEstimator.encoderOnly(BundledModel.BGE_SMALL.architecture(), queryTokens);
        long tokens = queryTokens;
        for (String p : PASSAGES) {
            int n = tok.encode(p).length();
            tokens += n;
            flops += FlopsEstimator.encoderOnly(BundledModel.BGE_SMALL.architecture(), n);
        }
        assertEquals(tokens, s.inputTokens());
        assertEquals(flops, s.estimatedFlops(), flops * 1e-12);
        assertEquals(-1, s.countedFlops(), "ONNX Runtime cannot count FLOPs");
        assertTrue(!s.flopsCounted());
        RerankModel.PointwiseCost cost = model.estimatePointwise(QUERY, PASSAGES).orElseThrow();
        assertEquals(s.estimatedFlops(), cost.fixedFlops() + Arrays.stream(cost.passageFlops()).sum(), flops * 1e-12);
        assertTrue(queryTokens > 15, "the BGE instruction prefix is part of the query: " + queryTokens);
    }

    @Test
    void edgeCases() throws Exception {
        assertEquals(java.util.Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING), model.supportedStrategies());
        assertEquals(BiEncoderRerankModel.strategies(), model.supportedStrategies(), "what a registration is told before the load");
        PointwiseScores none = model.scorePointwise(QUERY, List.of());
        assertArrayEquals(new float[0], none.scores());
        assertEquals(0, none.inputTokens());
        assertThrows(IllegalArgumentException.class, () -> model.scorePointwise(QUERY, Arrays.asList("a", null)));
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        ModelException e = assertThrows(ModelException.class, () -> model.scorePointwise(QUERY, PASSAGES, cancelled));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
    }

    @Test
    void theMiniLmModelScoresToo() throws Exception {
        try (BiEncoderRerankModel minilm = (BiEncoderRerankModel) new ModelFactory(new EncoderOptions(1, 1, false), 256)
                .open(new ModelDescriptor.Bundled(BundledModel.ALL_MINILM_L6_V2))) {
            assertEquals("all-minilm-l6-v2", minilm.name());
            PointwiseScores s = minilm.scorePointwise(QUERY, PASSAGES);
            assertTrue(s.scores()[1] > s.scores()[0], Arrays.toString(s.scores()));
            assertEquals(6, minilm.architecture().nLayer());
            // half the layers of bge-small, same widths: half the FLOPs for the same tokens
            double bge = FlopsEstimator.encoderOnly(BundledModel.BGE_SMALL.architecture(), 100);
            assertEquals(bge / 2, FlopsEstimator.encoderOnly(minilm.architecture(), 100), bge * 1e-12);
        }
    }
}

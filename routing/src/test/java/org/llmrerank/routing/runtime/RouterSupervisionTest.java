package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.RouterTrainer;
import org.llmrerank.routing.runtime.router.training.Reward;
import org.llmrerank.routing.runtime.router.training.RouterSupervision;
import org.llmrerank.routing.runtime.router.training.RouterTraining;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * Router supervision on a tiny random BERT (bge-small's vocabulary, three layers): what the path search labels under a
 * reward that accepts every path and under one that accepts none, and that the labels train routers of the right shape.
 */
class RouterSupervisionTest {

    private static final BertConfig CONFIG = new BertConfig(3, 24, 4, 40, 30522, 64, 2, 1e-12f);
    private static RoutedBiEncoder encoder;

    @BeforeAll
    static void load() throws IOException {
        WordPieceTokenizer tokenizer;
        try (InputStream json = BundledModel.BGE_SMALL.tokenizerJson()) {
            tokenizer = WordPieceTokenizer.fromJson(json, CONFIG.maxPositions());
        }
        DjlBertModel model = DjlBertModel.load(TinyBert.randomWeights(CONFIG, 5));
        encoder = new RoutedBiEncoder(tokenizer, new RoutedBertEncoder(model, Pooling.CLS, tokenizer.padId(), 8), "", "");
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static List<QueryCandidates> queries() {
        List<QueryCandidates> out = new ArrayList<>();
        for (int q = 0; q < 2; q++) {
            int query = q;
            out.add(new QueryCandidates("q" + q, "what do cats eat " + q, IntStream.range(0, 6)
                .mapToObj(i -> new QueryCandidates.Candidate("d" + query + i, 6 - i, "passage " + i + " about cats and fish " + query))
                .toList()));
        }
        return out;
    }

    @Test
    void aRewardNothingEarnsKeepsEveryLayerAndOneThatEverythingEarnsShortensThePath() throws Exception {
        List<String> lines = new ArrayList<>();
        RouterSupervision supervision = new RouterSupervision(encoder, 6, 1, lines::add, System.nanoTime());
        assertEquals(3, supervision.layers());

        Reward never = (q, order, scores) -> new Reward.Acceptance() {
            public boolean accepts(List<Integer> ranking) {
                return false;
            }

            public String describe() {
                return "never";
            }
        };
        RouterSupervision.Result full = supervision.perRequest(queries(), never, 4);
        assertEquals(2, full.examples().size());
        assertArrayEquals(new long[] {0, 6, 0}, full.labels(), "no path earns a reward: the full path, every layer executed");
        assertEquals(6, full.pathLength());
        for (RouterTrainer.Example e : full.examples()) {
            assertArrayEquals(new int[] {1, 1, 1}, e.labels());
            assertEquals(3, e.inputs().length);
        }
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("query q0: never, path [0, 1, 2] (3 layers), "), lines.get(0));

        Reward always = (q, order, scores) -> new Reward.Acceptance() {
            public boolean accepts(List<Integer> ranking) {
                return true;
            }

            public String describe() {
                return "always";
            }
        };
        RouterSupervision.Result shortest = supervision.perRequest(queries(), always, 4);
        assertTrue(shortest.pathLength() < 6, "every path earns a reward: the search returns shorter ones");
        assertTrue(shortest.evaluations() > 2);

        RouterTraining.Trained trained = RouterTraining.fit(full.examples(), 3, CONFIG.hidden(), LayerRouters.Scope.REQUEST, 2, 7);
        assertEquals(3, trained.routers().layers());
        assertEquals(CONFIG.hidden(), trained.routers().inputDim());
        assertTrue(Double.isFinite(trained.loss()));
    }

    @Test
    void perPassageSearchesTheSampledPassagesOfEachQuery() throws Exception {
        List<String> lines = new ArrayList<>();
        RouterSupervision supervision = new RouterSupervision(encoder, 4, 3, lines::add, System.nanoTime());
        RouterSupervision.Result r = supervision.perPassage(queries(), 4, 2);
        assertEquals(8, r.examples().size(), "four passages of each of two queries");
        assertEquals(3 * 8, r.labels()[0] + r.labels()[1] + r.labels()[2]);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("query q1: 4 passages searched, "), lines.get(1));
    }
}

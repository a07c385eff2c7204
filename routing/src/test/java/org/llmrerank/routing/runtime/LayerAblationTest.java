package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/** The layer ablation on a tiny random BERT: the shared-prefix pass and one pass per path rank alike. */
class LayerAblationTest {

    private static final BertConfig CONFIG = new BertConfig(3, 24, 4, 40, 30522, 64, 2, 1e-12f);
    private static RoutedBiEncoder encoder;

    @BeforeAll
    static void load() throws IOException {
        WordPieceTokenizer tokenizer;
        try (InputStream json = BundledModel.BGE_SMALL.tokenizerJson()) {
            tokenizer = WordPieceTokenizer.fromJson(json, CONFIG.maxPositions());
        }
        DjlBertModel model = DjlBertModel.load(TinyBert.randomWeights(CONFIG, 9));
        encoder = new RoutedBiEncoder(tokenizer, new RoutedBertEncoder(model, Pooling.CLS, tokenizer.padId(), 4), "", "");
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void eachLayerEqualsThePathsOfSingleLayers() throws Exception {
        List<QueryCandidates> queries = new ArrayList<>();
        for (int q = 0; q < 3; q++) {
            int query = q;
            queries.add(new QueryCandidates("q" + q, "fleas on a dog " + q, IntStream.range(0, 8)
                .mapToObj(i -> new QueryCandidates.Candidate("d" + i, 8 - i, "passage " + i + " on fleas " + query + " and dogs " + i))
                .toList()));
        }
        Qrels qrels = new Qrels(Map.of("q0", Map.of("d3", 2, "d5", 1), "q1", Map.of("d0", 1), "q2", Map.of("d7", 3, "d1", 2)));
        List<LayerAblation.Row> shared = LayerAblation.eachLayer(encoder, queries, qrels, 6);
        List<LayerAblation.Row> direct = LayerAblation.paths(encoder, queries, qrels, 6, List.of(Set.of(0), Set.of(1), Set.of(2)));
        assertEquals(4, shared.size());
        assertEquals(List.of(Set.of(), Set.of(0), Set.of(1), Set.of(2)), shared.stream().map(LayerAblation.Row::skipped).toList());
        for (int i = 0; i < shared.size(); i++) {
            LayerAblation.Row a = shared.get(i);
            LayerAblation.Row b = direct.get(i);
            assertEquals(b.skipped(), a.skipped());
            assertEquals(i == 0 ? 3 : 2, a.layersExecuted());
            assertEquals(b.layersExecuted(), a.layersExecuted());
            assertEquals(b.ndcgPassagesOnly(), a.ndcgPassagesOnly(), 1e-12, "row " + i);
            assertEquals(b.ndcgSymmetric(), a.ndcgSymmetric(), 1e-12, "row " + i);
            assertTrue(a.countedPflopsPerQuery() > 0 && b.countedPflopsPerQuery() > 0);
        }
        // at full depth the query and the passages share the path: both readings agree
        assertEquals(shared.get(0).ndcgPassagesOnly(), shared.get(0).ndcgSymmetric(), 1e-12);
        // a path's counted FLOPs are its share of the full path's
        for (List<LayerAblation.Row> rows : List.of(shared, direct)) {
            assertEquals(rows.get(0).countedPflopsPerQuery() * 2 / 3, rows.get(3).countedPflopsPerQuery(), 1e-12 * rows.get(0).countedPflopsPerQuery());
        }
    }

    @Test
    void withoutKeepsTheOtherLayersInOrder() {
        assertEquals(LayerPath.of(0, 2), LayerAblation.without(3, Set.of(1)));
        assertEquals(LayerPath.full(4), LayerAblation.without(4, Set.of()));
        assertEquals(LayerPath.of(3), LayerAblation.without(4, Set.of(0, 1, 2)));
    }
}

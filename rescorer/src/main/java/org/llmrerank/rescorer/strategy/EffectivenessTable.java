package org.llmrerank.rescorer.strategy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.llmrerank.estimator.PaperTable;
import org.llmrerank.estimator.RerankMethod;

/**
 * Expected NDCG@10 per (model family, method), which {@link StrategyChooser} maximises. Initialised
 * from the E2R-FLOPs / Setwise papers' TREC DL19 numbers (E2R-FLOPs, results; the estimator's transcribed
 * {@link PaperTable}) and overridable with measured values, e.g. from {@code _eval} runs on the
 * user's own qrels. A family the papers do not cover gets the method's mean over the paper's
 * families, flagged as such: an ordering prior between methods, not a prediction for that model.
 */
public final class EffectivenessTable {

    /** BM25 NDCG@10 on DL19 (Setwise paper, setup): a method must beat the first stage to be worth FLOPs. */
    public static final double DL19_BM25_NDCG10 = 0.5058;

    /** An NDCG figure and where it came from, for the decision's reason. */
    public record Effectiveness(double ndcg, String source) {}

    private final Map<String, Map<RerankMethod, Effectiveness>> byFamily;
    private final double firstStageNdcg;

    private EffectivenessTable(Map<String, Map<RerankMethod, Effectiveness>> byFamily, double firstStageNdcg) {
        this.byFamily = byFamily;
        this.firstStageNdcg = firstStageNdcg;
    }

    /** The papers' DL19 table. */
    public static EffectivenessTable paperDl19() {
        Map<String, Map<RerankMethod, Effectiveness>> m = new HashMap<>();
        for (PaperTable.Cell c : PaperTable.load("dl19")) {
            m.computeIfAbsent(key(c.preset()), f -> new HashMap<>())
                    .put(c.method(), new Effectiveness(c.ndcg(), "paper DL19 " + c.preset()));
        }
        return new EffectivenessTable(m, DL19_BM25_NDCG10);
    }

    /**
     * The papers' DL19 table plus the bi-encoders this product ships, measured here on DL19 (BM25 top-100, 43 queries):
     * bge-small-en-v1.5 0.6952 (int8 ONNX Runtime; the fp32 routed runtime gives 0.6870) and all-MiniLM-L6-v2 0.6470
     * ({@code bin/llm-rerank eval --model bge-small|all-minilm-l6-v2}). Without them {@code auto} would have no figure for
     * an embedding model and keep the first-stage order.
     */
    public static EffectivenessTable dl19() {
        EffectivenessTable t = paperDl19();
        Map<String, Map<RerankMethod, Effectiveness>> m = t.copy();
        m.computeIfAbsent(key("bge-small-en-v1.5"), f -> new HashMap<>())
            .put(RerankMethod.POINTWISE_EMBEDDING, new Effectiveness(0.6952, "measured here, DL19, bge-small int8"));
        m.computeIfAbsent(key("all-MiniLM-L6-v2"), f -> new HashMap<>())
            .put(RerankMethod.POINTWISE_EMBEDDING, new Effectiveness(0.6470, "measured here, DL19, all-minilm-l6-v2 int8"));
        return new EffectivenessTable(m, t.firstStageNdcg);
    }

    /** A copy with one figure set (a measured value replaces the paper's). */
    public EffectivenessTable with(String family, RerankMethod method, double ndcg) {
        if (!(ndcg >= 0 && ndcg <= 1)) {
            throw new IllegalArgumentException("NDCG must be in [0, 1], got " + ndcg);
        }
        Map<String, Map<RerankMethod, Effectiveness>> m = copy();
        m.computeIfAbsent(key(family), f -> new HashMap<>()).put(method, new Effectiveness(ndcg, "override " + family));
        return new EffectivenessTable(m, firstStageNdcg);
    }

    /** A copy with another first-stage NDCG (the bar every method must clear). */
    public EffectivenessTable withFirstStage(double ndcg) {
        return new EffectivenessTable(copy(), ndcg);
    }

    public double firstStageNdcg() {
        return firstStageNdcg;
    }

    /** The family's own figure, else the method's mean over all families that have one, else empty. */
    public Optional<Effectiveness> lookup(String family, RerankMethod method) {
        Map<RerankMethod, Effectiveness> own = byFamily.get(key(family));
        if (own != null && own.containsKey(method)) {
            return Optional.of(own.get(method));
        }
        double sum = 0;
        int count = 0;
        for (Map<RerankMethod, Effectiveness> f : byFamily.values()) {
            Effectiveness e = f.get(method);
            if (e != null) {
                sum += e.ndcg();
                count++;
            }
        }
        return count == 0 ? Optional.empty()
                : Optional.of(new Effectiveness(sum / count, "method prior: mean of " + count + " families (" + family
                        + " has no figure)"));
    }

    private Map<String, Map<RerankMethod, Effectiveness>> copy() {
        Map<String, Map<RerankMethod, Effectiveness>> m = new HashMap<>();
        byFamily.forEach((f, v) -> m.put(f, new HashMap<>(v)));
        return m;
    }

    private static String key(String family) {
        return family.trim().toLowerCase(Locale.ROOT);
    }
}

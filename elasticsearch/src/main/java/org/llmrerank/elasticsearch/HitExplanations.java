package org.llmrerank.elasticsearch;

import java.util.Locale;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;

/**
 * What a hit's {@code _explanation} says about the rerank when the search asks for {@code explain}: the model, its
 * score for the hit and the hit's place before and after, or why the hit kept its first-stage score. Read from the
 * same {@link RerankResult} the hits were ordered and scored by, on both surfaces.
 */
public final class HitExplanations {

    private HitExplanations() {}

    /**
     * @param position the hit's 0-based first-stage position in the window
     * @param score    the score the hit carries in the response
     */
    public static String describe(RerankOptions options, RerankResult result, int position, float score) {
        RerankOutcome o = result.outcome();
        return switch (result.status()) {
            case RERANKED -> judged(options, o, position, score);
            case FALLBACK, REJECTED -> String.format(Locale.ROOT, "llm_rerank: first-stage order and score kept, fallback [%s]: %s",
                result.cause().key(), result.reason());
            case SKIPPED -> "llm_rerank: first-stage order and score kept, the page holds no position the rerank can change";
        };
    }

    private static String judged(RerankOptions options, RerankOutcome o, int position, float score) {
        int newRank = rankOf(o, position);
        float modelScore = position < o.modelScores().length ? o.modelScores()[position] : Float.NaN;
        if (Float.isNaN(modelScore)) {
            return String.format(Locale.ROOT, "llm_rerank: not judged by model [%s] (no text in [%s], or left out by the flops budget), "
                + "placed after the judged hits: rank [%d], first-stage rank [%d]", options.model(), options.field(), newRank, position + 1);
        }
        String s = String.format(Locale.ROOT, "llm_rerank: model [%s] score [%s] by [%s], rank [%d], first-stage rank [%d]",
            options.model(), modelScore, o.strategy().clauseName(), newRank, position + 1);
        if (Float.compare(modelScore, score) != 0) {
            s += String.format(Locale.ROOT, "; the hit carries the rank-derived score [%s] (a retriever's scores must be positive and "
                + "strictly decreasing, and the model's are not)", score);
        }
        return s;
    }

    /** 1-based rank after the rerank; 0 when the position is not in the order. */
    private static int rankOf(RerankOutcome o, int position) {
        int[] order = o.order();
        for (int i = 0; i < order.length; i++) {
            if (order[i] == position) {
                return i + 1;
            }
        }
        return 0;
    }
}

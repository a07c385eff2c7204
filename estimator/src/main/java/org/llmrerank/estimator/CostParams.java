package org.llmrerank.estimator;

/**
 * What a cost prediction needs besides the model: the reranking window, the sort parameters and the
 * average token counts. Immutable; {@code withX} returns a copy.
 *
 * <p>Token defaults describe TREC DL19's BM25 top-100: passages average 62.6 whitespace words and
 * queries 5.4, i.e. about 85 and 8 subword tokens at ~1.35 tokens per word. Prompt-template
 * overheads default per method ({@link PromptShape}). {@code ctxTokens} / {@code outputTokens}, when
 * set, replace the per-call prompt and output lengths outright (e.g. measured In/Out).
 */
public final class CostParams {

    private final int docs;
    private final int topK;
    private final int numChild;
    private final int window;
    private final int step;
    private final int repeats;
    private final int tournaments;
    private final double queryTokens;
    private final double passageTokens;
    private final Double templateTokens;
    private final Double ctxTokens;
    private final Double outputTokens;

    private CostParams(int docs, int topK, int numChild, int window, int step, int repeats, int tournaments,
                       double queryTokens, double passageTokens, Double templateTokens, Double ctxTokens,
                       Double outputTokens) {
        this.docs = docs;
        this.topK = topK;
        this.numChild = numChild;
        this.window = window;
        this.step = step;
        this.repeats = repeats;
        this.tournaments = tournaments;
        this.queryTokens = requireTokens("query tokens", queryTokens);
        this.passageTokens = requireTokens("passage tokens", passageTokens);
        this.templateTokens = templateTokens == null ? null : requireTokens("template tokens", templateTokens);
        this.ctxTokens = ctxTokens == null ? null : requireTokens("ctx tokens", ctxTokens);
        this.outputTokens = outputTokens == null ? null : requireTokens("output tokens", outputTokens);
    }

    /**
     * The papers' setting: 100 passages, top-10, setwise num_child 2 (c = 3), listwise window 4 /
     * step 2 / 5 repeats, 10 TourRank tournaments.
     */
    public static CostParams defaults() {
        return new CostParams(100, 10, 2, 4, 2, 5, 10, 8, 85, null, null, null);
    }

    private static double requireTokens(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + v);
        }
        return v;
    }

    public CostParams withDocs(int v) {
        return new CostParams(v, topK, numChild, window, step, repeats, tournaments, queryTokens, passageTokens,
                templateTokens, ctxTokens, outputTokens);
    }

    public CostParams withTopK(int v) {
        return new CostParams(docs, v, numChild, window, step, repeats, tournaments, queryTokens, passageTokens,
                templateTokens, ctxTokens, outputTokens);
    }

    public CostParams withNumChild(int v) {
        return new CostParams(docs, topK, v, window, step, repeats, tournaments, queryTokens, passageTokens,
                templateTokens, ctxTokens, outputTokens);
    }

    public CostParams withWindow(int v) {
        return new CostParams(docs, topK, numChild, v, step, repeats, tournaments, queryTokens, passageTokens,
                templateTokens, ctxTokens, outputTokens);
    }

    public CostParams withStep(int v) {
        return new CostParams(docs, topK, numChild, window, v, repeats, tournaments, queryTokens, passageTokens,
                templateTokens, ctxTokens, outputTokens);
    }

    public CostParams withRepeats(int v) {
        return new CostParams(docs, topK, numChild, window, step, v, tournaments, queryTokens, passageTokens,
                templateTokens, ctxTokens, outputTokens);
    }

    public CostParams withTournaments(int v) {
        return new CostParams(docs, topK, numChild, window, step, repeats, v, queryTokens, passageTokens,
                templateTokens, ctxTokens, outputTokens);
    }

    public CostParams withQueryTokens(double v) {
        return new CostParams(docs, topK, numChild, window, step, repeats, tournaments, v, passageTokens,
                templateTokens, ctxTokens, outputTokens);
    }

    public CostParams withPassageTokens(double v) {
        return new CostParams(docs, topK, numChild, window, step, repeats, tournaments, queryTokens, v,
                templateTokens, ctxTokens, outputTokens);
    }

    /** Overrides the method's default template overhead (tokens per prompt besides query and passages). */
    public CostParams withTemplateTokens(Double v) {
        return new CostParams(docs, topK, numChild, window, step, repeats, tournaments, queryTokens, passageTokens,
                v, ctxTokens, outputTokens);
    }

    /** Fixes the prompt tokens of every call (as the paper's "In"); null = derive from passages. */
    public CostParams withCtxTokens(Double v) {
        return new CostParams(docs, topK, numChild, window, step, repeats, tournaments, queryTokens, passageTokens,
                templateTokens, v, outputTokens);
    }

    /** Fixes the output tokens of every call (as the paper's "Out"); null = the method's default. */
    public CostParams withOutputTokens(Double v) {
        return new CostParams(docs, topK, numChild, window, step, repeats, tournaments, queryTokens, passageTokens,
                templateTokens, ctxTokens, v);
    }

    public int docs() {
        return docs;
    }

    public int topK() {
        return topK;
    }

    public int numChild() {
        return numChild;
    }

    public int window() {
        return window;
    }

    public int step() {
        return step;
    }

    public int repeats() {
        return repeats;
    }

    public int tournaments() {
        return tournaments;
    }

    public double queryTokens() {
        return queryTokens;
    }

    public double passageTokens() {
        return passageTokens;
    }

    public Double templateTokens() {
        return templateTokens;
    }

    public Double ctxTokens() {
        return ctxTokens;
    }

    public Double outputTokens() {
        return outputTokens;
    }
}

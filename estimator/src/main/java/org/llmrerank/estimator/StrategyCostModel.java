package org.llmrerank.estimator;

/**
 * Predicts per-query model calls, tokens and FLOPs of a reranking method (E2R-FLOPs, RPP and QPP; E2R-FLOPs, prompt and output tokens per method):
 * FLOPs = Σ over calls of {@link FlopsEstimator#call}, with per-call prompt/output lengths from
 * {@link PromptShape} and call counts from {@link CallCounts}. Like the paper, the expected cost uses
 * the mean prompt length per call; unlike the paper, a batched pairwise call is costed as two
 * sequences rather than one sequence of twice the length (the paper's form over-counts attention).
 */
public final class StrategyCostModel {

    /** T5's Out counts the forced decoder prefix "&lt;pad&gt; Passage" plus 2 generated tokens (E2R-FLOPs, prompt and output tokens per method). */
    private static final double T5_LABEL_OUTPUT_TOKENS = 5;
    /** Decoder-only rankers append " Passage:" and generate one label token (PRP pairwise prompt, as in the Setwise paper; Setwise paper, setwise prompt). */
    private static final double DECODER_LABEL_OUTPUT_TOKENS = 1;
    /** "[3] > " per ranked identifier; gives ~11 for a window of 4 (paper: 10.5-11.9). */
    private static final double LISTWISE_OUTPUT_TOKENS_PER_PASSAGE = 2.75;
    /** "Document 3, " per selected passage; gives ~27 per TourRank call (paper: 27.9). */
    private static final double TOURRANK_OUTPUT_TOKENS_PER_SELECTED = 4;

    /**
     * Logits of a cross-encoder's head when the model is not at hand: one (a relevance regressor, the usual MS MARCO
     * cross-encoder). A two-logit head costs {@code 2·d_model} FLOPs more per passage, a few millionths of its pass.
     */
    private static final int CROSS_ENCODER_LABELS = 1;

    private StrategyCostModel() {}

    public static StrategyCost predict(Architecture a, RerankMethod method, CostParams p) {
        if (a.kind() == Architecture.Kind.ENCODER_ONLY && method.generates()) {
            throw new IllegalArgumentException(a.name() + " is encoder-only and cannot generate; " + method
                    + " needs a decoder (use pointwise.embedding or another scoring method)");
        }
        if (method == RerankMethod.POINTWISE_EMBEDDING) {
            return biEncoder(a, p);
        }
        if (method == RerankMethod.POINTWISE_CROSS_ENCODER && a.kind() != Architecture.Kind.ENCODER_ONLY) {
            throw new IllegalArgumentException(a.name() + " is not an encoder; " + method + " runs an encoder's classification head");
        }
        CallCount count = callCount(method, p);
        PromptShape shape = PromptShape.of(method);
        double template = p.templateTokens() != null ? p.templateTokens() : shape.templateTokens();
        int prompts = shape.promptsPerCall();

        double promptPerPrompt = p.ctxTokens() != null ? p.ctxTokens() / prompts
                : shape.promptTokens(template, p.queryTokens(), p.passageTokens(), count.passagesPerCall());
        double maxPromptPerPrompt = p.ctxTokens() != null ? promptPerPrompt
                : shape.promptTokens(template, p.queryTokens(), p.passageTokens(), count.maxPassagesPerCall());
        double outPerPrompt = p.outputTokens() != null ? p.outputTokens() / prompts
                : defaultOutputPerPrompt(a, method, p, count);

        double perCall = prompts * FlopsEstimator.call(a, promptPerPrompt, outPerPrompt);
        double perCallMax = prompts * FlopsEstimator.call(a, maxPromptPerPrompt, outPerPrompt);
        if (method == RerankMethod.POINTWISE_CROSS_ENCODER) {
            // the head is what gives the score: counted with the forward pass, not apart like an LM head
            double head = FlopsEstimator.classificationHead(a, CROSS_ENCODER_LABELS);
            perCall += head;
            perCallMax += head;
        }
        double lmHead = count.expected() == 0 ? 0
                : count.expected() * prompts * FlopsEstimator.unembedding(a, outPerPrompt);
        return new StrategyCost(method, a.name(), count.expected(), count.min(), count.max(),
                prompts * promptPerPrompt, prompts * outPerPrompt,
                count.expected() * perCall, count.max() * perCallMax, lmHead);
    }

    /** Exact call count model for each method; see {@link CallCounts} for what a call is. */
    public static CallCount callCount(RerankMethod method, CostParams p) {
        int n = p.docs();
        return switch (method) {
            case POINTWISE_YES_NO, POINTWISE_QLM, POINTWISE_CROSS_ENCODER -> CallCounts.pointwise(n);
            case POINTWISE_EMBEDDING -> CallCount.exact(n == 0 ? 0 : n + 1L, 1, n == 0 ? 0 : 1);
            case PAIRWISE_ALLPAIR -> CallCounts.pairwiseAllPair(n);
            case PAIRWISE_HEAPSORT -> CallCounts.pairwiseHeapSort(n, p.topK());
            case PAIRWISE_BUBBLESORT -> CallCounts.pairwiseBubbleSort(n, p.topK());
            case LISTWISE_GENERATION, LISTWISE_LIKELIHOOD ->
                    CallCounts.listwise(n, p.window(), p.step(), p.repeats());
            case SETWISE_HEAPSORT -> CallCounts.setwiseHeapSort(n, p.topK(), p.numChild());
            case SETWISE_BUBBLESORT -> CallCounts.setwiseBubbleSort(n, p.topK(), p.numChild());
            case TOURRANK -> CallCounts.tourRank(n, p.tournaments());
            case ICR -> CallCounts.icr(n);
        };
    }

    /**
     * Bi-encoder: one encoding of the query and one of each passage (n + 1 calls), each costed at its
     * own length because attention is quadratic in it.
     */
    private static StrategyCost biEncoder(Architecture a, CostParams p) {
        int n = p.docs();
        if (n == 0) {
            return new StrategyCost(RerankMethod.POINTWISE_EMBEDDING, a.name(), 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double special = p.templateTokens() != null ? p.templateTokens()
                : PromptShape.of(RerankMethod.POINTWISE_EMBEDDING).templateTokens();
        double queryLen = p.ctxTokens() != null ? p.ctxTokens() : special + p.queryTokens();
        double passageLen = p.ctxTokens() != null ? p.ctxTokens() : special + p.passageTokens();
        double flops = FlopsEstimator.call(a, queryLen, 0) + n * FlopsEstimator.call(a, passageLen, 0);
        long calls = n + 1L;
        return new StrategyCost(RerankMethod.POINTWISE_EMBEDDING, a.name(), calls, calls, calls,
                (queryLen + n * passageLen) / calls, 0, flops, flops, 0);
    }

    private static double defaultOutputPerPrompt(Architecture a, RerankMethod method, CostParams p, CallCount c) {
        boolean t5 = a.kind() == Architecture.Kind.ENCODER_DECODER;
        return switch (method) {
            case SETWISE_HEAPSORT, SETWISE_BUBBLESORT, PAIRWISE_ALLPAIR, PAIRWISE_HEAPSORT, PAIRWISE_BUBBLESORT ->
                    t5 ? T5_LABEL_OUTPUT_TOKENS : DECODER_LABEL_OUTPUT_TOKENS;
            case LISTWISE_GENERATION -> LISTWISE_OUTPUT_TOKENS_PER_PASSAGE * c.passagesPerCall();
            case TOURRANK -> TOURRANK_OUTPUT_TOKENS_PER_SELECTED
                    * TourRankSchedule.forDocs(p.docs()).meanSelectedPerCall();
            default -> 0;
        };
    }
}

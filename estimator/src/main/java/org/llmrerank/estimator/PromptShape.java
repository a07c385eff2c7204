package org.llmrerank.estimator;

/**
 * How a method's prompt is built from the query and passages, in tokens (the prompts of the Setwise paper, RankGPT, TourRank and in-context reranking).
 *
 * @param templateTokens   fixed instruction text per prompt. Defaults are the papers' exact prompt
 *                         strings counted at ~1.35 subword tokens per word plus special tokens; they are
 *                         approximations, a few tokens either way, and overridable
 * @param labelTokensPerPassage per-passage decoration ({@code Passage A: "..."}, {@code [3] }, ...)
 * @param queryCopies      how often the query appears in the prompt (RankGPT and TourRank repeat it;
 *                         qlm has it only as the teacher-forced decoder label, which the paper does not count)
 * @param promptsPerCall   pairwise comparisons run both orders (A,B), (B,A) as one batched call
 */
public record PromptShape(double templateTokens, double labelTokensPerPassage, int queryCopies, int promptsPerCall) {

    public static PromptShape of(RerankMethod method) {
        return switch (method) {
            // "Passage: {text}\nQuery: {query}\nDoes the passage answer the query? Answer 'Yes' or 'No'"
            case POINTWISE_YES_NO -> new PromptShape(22, 0, 1, 1);
            // "Passage: {text}\nPlease write a question based on this passage."
            case POINTWISE_QLM -> new PromptShape(13, 0, 0, 1);
            // [CLS] ... [SEP] around each query or passage
            case POINTWISE_EMBEDDING -> new PromptShape(2, 0, 1, 1);
            // [CLS] query [SEP] passage [SEP] (XLM-RoBERTa's <s> query </s></s> passage </s> has one more)
            case POINTWISE_CROSS_ENCODER -> new PromptShape(3, 0, 1, 1);
            // PRP: 'Given a query "{q}", which of the following two passages is more relevant ...'
            case PAIRWISE_ALLPAIR -> new PromptShape(27, 5, 1, 1);
            case PAIRWISE_HEAPSORT, PAIRWISE_BUBBLESORT -> new PromptShape(27, 5, 1, 2);
            // RankGPT completion prompt, query stated twice, "[i] " per passage
            case LISTWISE_GENERATION, LISTWISE_LIKELIHOOD -> new PromptShape(110, 4, 2, 1);
            // 'Given a query "{q}", which of the following passages is the most relevant one ...'
            case SETWISE_HEAPSORT, SETWISE_BUBBLESORT -> new PromptShape(30, 5, 1, 1);
            // chat: system + instructions + "Document j: ..." / "Received Document j." turns
            case TOURRANK -> new PromptShape(150, 10, 2, 1);
            // "Here are some paragraphs:" ... "Please find information that are relevant ..." + query
            case ICR -> new PromptShape(40, 2, 1, 1);
        };
    }

    /** Tokens of one prompt carrying {@code passages} passages. */
    public double promptTokens(double template, double queryTokens, double passageTokens, double passages) {
        return template + queryCopies * queryTokens + passages * (passageTokens + labelTokensPerPassage);
    }
}

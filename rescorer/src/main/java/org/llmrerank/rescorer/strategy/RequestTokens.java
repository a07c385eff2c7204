package org.llmrerank.rescorer.strategy;

import java.util.List;

/**
 * The real token counts of one request under one model's tokenizer, after the truncation the
 * prompts apply, so cost predictions use this query's lengths rather than corpus averages.
 *
 * @param queryTokens   tokens of the (truncated) query
 * @param passageTokens tokens of each (truncated) passage, in first-stage order
 */
public record RequestTokens(int queryTokens, int[] passageTokens) {

    public RequestTokens {
        if (queryTokens < 0) {
            throw new IllegalArgumentException("query tokens must be >= 0");
        }
        for (int t : passageTokens) {
            if (t < 0) {
                throw new IllegalArgumentException("passage tokens must be >= 0");
            }
        }
        passageTokens = passageTokens.clone();
    }

    /** Counts with the model's tokenizer and caps at the settings' truncation lengths. */
    public static RequestTokens count(TokenCounter counter, String query, List<String> passages, StrategySettings s) {
        int[] p = new int[passages.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.min(s.maxPassageTokens(), counter.count(passages.get(i)));
        }
        return new RequestTokens(Math.min(s.maxQueryTokens(), counter.count(query)), p);
    }

    public int docs() {
        return passageTokens.length;
    }

    /** Mean tokens of the first {@code depth} passages: what a window cut to that depth feeds. */
    public double meanPassageTokens(int depth) {
        if (depth <= 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < depth; i++) {
            sum += passageTokens[i];
        }
        return (double) sum / depth;
    }

    /** The counts of the passages at {@code positions}, in that order (the query's count unchanged). */
    public RequestTokens subset(int[] positions) {
        int[] p = new int[positions.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = passageTokens[positions[i]];
        }
        return new RequestTokens(queryTokens, p);
    }

    @Override
    public int[] passageTokens() {
        return passageTokens.clone();
    }
}

package org.llmrerank.estimator;

/** The measures of one query. */
public record QueryScores(String qid, double ndcg, double reciprocalRank, double averagePrecision, double recall) {}

package org.llmrerank.estimator;

/** One retrieved document of a run: its id and the system's score (higher = better). */
public record ScoredDoc(String docid, double score) {}
